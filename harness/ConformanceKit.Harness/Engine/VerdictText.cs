namespace ConformanceKit.Harness.Engine;

/// <summary>The strings scripts read: kept in one place so report, CLI and tests agree.</summary>
public static class VerdictText
{
    public static string Of(Verdict v) => v switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "fail",
        Verdict.NonStrict => "non-strict",
        Verdict.Info => "info",
        Verdict.NotRun => "not-run",
        Verdict.Hang => "hang",
        _ => "crash",
    };

    public static string Of(Rules.RuleLevel l) => l switch
    {
        Rules.RuleLevel.Must => "MUST",
        Rules.RuleLevel.Should => "SHOULD",
        _ => "INFO",
    };
}
