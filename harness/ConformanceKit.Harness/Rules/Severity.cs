namespace ConformanceKit.Harness.Rules;

/// <summary>How bad one finding is.</summary>
public enum Severity
{
    /// <summary>Breaks the rule's sentence.</summary>
    Violation,

    /// <summary>Allowed but noted: a SHOULD not met, or a MUST met only within a tolerance.</summary>
    Remark,

    /// <summary>Behaviour the contract leaves open, recorded for comparison.</summary>
    Observation,

    /// <summary>The loop threw where nothing in the contract explains it.</summary>
    Crash,
}
