using System.Collections.Immutable;

namespace ConformanceKit.Harness.Cases;

/// <summary>Every named case, in a stable order (by family, as written).</summary>
public static class NamedCases
{
    public static ImmutableArray<NamedCase> All { get; } =
    [
        .. IdsCases.All(), .. HandleCases.All(), .. TimerCases.All(), .. FreeCases.All(), .. ReentryCases.All(), .. LifeCases.All(),
    ];
}
