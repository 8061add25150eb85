namespace ConformanceKit.Harness.Rules;

/// <summary>Where a rule can be checked: on the virtual clock by stepping the loop, or only
/// with real threads (the THREAD rules, FREE-5).</summary>
public enum RuleTier
{
    Deterministic,
    Threaded,
}
