namespace ConformanceKit.Harness.Rules;

/// <summary>How much a rule weighs: MUST fails certification, SHOULD is a remark
/// (non-strict), INFO is only recorded.</summary>
public enum RuleLevel
{
    Must,
    Should,
    Info,
}
