using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Harness.Loading.Sources;

/// <summary><c>mutant:NAME</c>: a loop of the mutant catalogue (one known bug each).</summary>
internal sealed class MutantSource : ILoopSource
{
    private const string Prefix = "mutant:";

    public string Syntax => "mutant:NAME";

    public bool Claims(string spec) => spec.StartsWith(Prefix, StringComparison.Ordinal);

    public LoadedLoop Load(string spec)
    {
        string name = spec[Prefix.Length..];
        var m = MutantCatalogue.Find(name)
            ?? throw new BadInputException($"unknown mutant '{name}': `conformancekit mutants` lists them");
        return new LoadedLoop(spec, m.Create, true, RequiresIsolation: m.Isolated);
    }
}
