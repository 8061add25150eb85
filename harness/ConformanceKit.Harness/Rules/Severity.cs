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

    /// <summary>The loop threw where nothing in the contract explains it, or its process died.</summary>
    Crash,

    /// <summary>The loop did not return from a case, or the rule's case was not started because the
    /// loop hung in every case before it. Says why a rule is <c>hang</c>; graded through the hang
    /// flag, never as a rule's worst severity.</summary>
    Hang,
}
