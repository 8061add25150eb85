namespace ConformanceKit.Harness.Loading;

/// <summary>Turns a loop spec into a <see cref="LoadedLoop"/> through the loop kind that claims it
/// (<see cref="LoopSources"/>). Every failure is a <see cref="BadInputException"/> with a one-line
/// message.</summary>
public static class LoopLoader
{
    public const string Reference = "reference";

    public static LoadedLoop Load(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new BadInputException($"--loop is empty: use {LoopSources.Kinds}");
        }

        return (LoopSources.For(spec) ?? throw new BadInputException($"unknown loop '{spec}': use {LoopSources.Kinds}")).Load(spec);
    }

    /// <summary>The spec with any path in it made absolute (other specs as they are), so that a
    /// report or counterexample names the loop the same way from any folder.</summary>
    public static string Absolute(string spec) => LoopSources.For(spec)?.Absolute(spec) ?? spec;
}
