using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>How a rule's tally becomes its verdict, in one place: the certifier grades with it,
/// and merging shard reports grades the merged tallies with it, so both agree.</summary>
public static class Grading
{
    /// <summary>Findings against the loop a rule keeps over a certification, in origin order.</summary>
    public const int KeptFindings = 5;

    /// <summary>The findings a rule keeps: the gravest first (crash, violation, remark), then in
    /// origin order. A rule that was late by one iteration in an early run and failed outright in a
    /// later one shows the failure first. Order-independent, so that merged shards keep the same.</summary>
    public static List<Finding> Keep(IEnumerable<Finding> findings) =>
        [.. findings.OrderByDescending(Rank).ThenBy(f => f.Origin).Take(KeptFindings)];

    private static int Rank(Finding f) => f.Severity switch
    {
        Severity.Crash => 2,
        Severity.Violation => 1,
        _ => 0,
    };

    /// <summary>Distinct INFO observations a rule keeps, in order of first occurrence.</summary>
    public const int KeptObservations = 6;

    /// <summary>The verdict of a rule.</summary>
    /// <param name="level">The rule's level.</param>
    /// <param name="judged">Its tier ran and it was selected.</param>
    /// <param name="worst">The worst severity found against the loop (observations excluded).</param>
    /// <param name="hung">A case aimed at it hung, or a generated run hung and it found nothing.</param>
    /// <param name="checks">How many times it had something to judge.</param>
    /// <remarks>Crash beats violation beats hang beats remark: a hang hides only what could
    /// still have been found.</remarks>
    public static Verdict Grade(RuleLevel level, bool judged, Severity? worst, bool hung, int checks) =>
        !judged ? Verdict.NotRun
        : worst == Severity.Crash ? Verdict.Crash
        : worst == Severity.Violation ? (level == RuleLevel.Must ? Verdict.Fail : Verdict.NonStrict)
        : hung ? Verdict.Hang
        : worst == Severity.Remark ? Verdict.NonStrict
        : checks > 0 ? (level == RuleLevel.Info ? Verdict.Info : Verdict.Pass)
        : Verdict.NotRun;
}
