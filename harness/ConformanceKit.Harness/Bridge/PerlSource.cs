using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Bridge;

/// <summary>The <c>perl:</c> loop kind (<see cref="PerlLoops"/>) as a loop source.</summary>
internal sealed class PerlSource : ILoopSource
{
    public string Syntax => PerlLoops.Syntax;

    public bool Claims(string spec) => spec.StartsWith(PerlLoops.Prefix, StringComparison.Ordinal);

    public LoadedLoop Load(string spec) => PerlLoops.Load(spec);

    public string Absolute(string spec) => PerlLoops.Absolute(spec);
}
