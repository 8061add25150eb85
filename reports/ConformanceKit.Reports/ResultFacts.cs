using ConformanceKit.Harness;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Reports;

/// <summary>What every report says the same way: the outcome, the MUST count, a rule's one-line
/// note, where a counterexample came from. Kept in one place so that the JSON, the JUnit, the
/// Markdown, the HTML, the TAP and the badge never disagree.</summary>
public static class ResultFacts
{
    /// <summary>Certified: no MUST rule failed, crashed or hung, and the run was not stopped early
    /// (a partial run certifies nothing).</summary>
    public static bool Certified(CertificationResult r) => r.Certified && r.Complete;

    /// <summary>"CERTIFIED", "NOT CERTIFIED", "INCOMPLETE" or "NOTHING JUDGED" (exit 1 like not
    /// certified); "HARNESS FAILURE" (exit 3) when the reference loop failed a scenario, whatever
    /// the loop did: the model that judged it is in doubt.</summary>
    public static string Outcome(CertificationResult r) =>
        !r.ReferenceFailures.IsEmpty ? HarnessFailure
        : !r.Complete ? (r.Certified || !r.AnythingJudged ? "INCOMPLETE" : "NOT CERTIFIED")
        : !r.AnythingJudged ? "NOTHING JUDGED"
        : r.Certified ? "CERTIFIED" : "NOT CERTIFIED";

    public const string HarnessFailure = "HARNESS FAILURE";

    /// <summary>A rule's choices beside the reference loop's, in one line: "loop: newest first
    /// (12 runs); reference: in registration order (12 runs); differs in 12 of 12 runs (first:
    /// generated run 4)"; null for a rule that leaves no choice or showed none.</summary>
    public static string? Alongside(RuleResult x) => x.Alongside is not { } a ? null
        : $"loop: {Choices(a.Loop)}; reference: {Choices(a.Reference)}; {Differing(a)}";

    /// <summary>"the same in all 12 runs where both chose" or "differs in 3 of 12 runs where both
    /// chose (first: generated run 4)".</summary>
    public static string Differing(ChoiceComparison a) =>
        (a.Differing, a.Runs) switch
        {
            (_, 0) => "no run where both chose",
            (0, 1) => "the same in the one run where both chose",
            (0, _) => $"the same in all {a.Runs} runs where both chose",
            (1, 1) => $"differs in the one run where both chose ({OriginName(a.FirstDifference)})",
            _ => $"differs in {a.Differing} of {a.Runs} runs where both chose (first: {OriginName(a.FirstDifference)})",
        };

    /// <summary>"newest first (12 runs), in registration order (1 run)"; "none shown" for none.</summary>
    public static string Choices(IEnumerable<ChoiceCount> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Choice} ({c.Runs} {(c.Runs == 1 ? "run" : "runs")})")) is { Length: > 0 } s ? s : "none shown";

    /// <summary>"named case HANDLE-9/two-ready" or "generated run 4" for an origin of the deterministic tier.</summary>
    public static string OriginName(int origin) => WorkPlan.NameOf(origin);

    /// <summary>One line for a scenario the reference loop failed (a harness failure).</summary>
    public static string ReferenceFailure(Counterexample c, string outDir) =>
        $"the reference loop broke {c.RuleId} in {(c.CaseId is not null ? $"named case {c.CaseId}" : $"generated run {c.Run}")}: {c.Observed}; "
        + $"scenario saved in {CounterexampleFile.ReferencePathFor(outDir, c.RuleId)} ({c.Size} steps)";

    /// <summary>MUST rules that were judged (the tier that checks them ran).</summary>
    public static int MustJudged(CertificationResult r) => r.Rules.Count(x => x.Rule.Level == RuleLevel.Must && x.Verdict != Verdict.NotRun);

    public static int MustPassed(CertificationResult r) => r.Rules.Count(x => x.Rule.Level == RuleLevel.Must && x.Verdict == Verdict.Pass);

    public static int MustTotal(CertificationResult r) => r.Rules.Count(x => x.Rule.Level == RuleLevel.Must);

    public static int Count(CertificationResult r, Verdict v) => r.Rules.Count(x => x.Verdict == v);

    /// <summary>"28/28 MUST": passed over judged.</summary>
    public static string MustLine(CertificationResult r) => $"{MustPassed(r)}/{MustJudged(r)} MUST";

    /// <summary>One line of counts: "28/28 MUST pass, 0 non-strict, 6 info, 4 not run".</summary>
    public static string CountsLine(CertificationResult r) =>
        $"{MustPassed(r)}/{MustJudged(r)} MUST pass, {Count(r, Verdict.NonStrict)} non-strict, {Count(r, Verdict.Info)} info, {Count(r, Verdict.NotRun)} not run"
        + (Count(r, Verdict.Fail) > 0 ? $", {Count(r, Verdict.Fail)} fail" : string.Empty)
        + (Count(r, Verdict.Hang) > 0 ? $", {Count(r, Verdict.Hang)} hang" : string.Empty)
        + (Count(r, Verdict.Crash) > 0 ? $", {Count(r, Verdict.Crash)} crash" : string.Empty);

    /// <summary>A verdict that counts against the loop (fail, crash, hang) or is a remark (non-strict).</summary>
    public static bool IsProblem(Verdict v) => v is Verdict.Fail or Verdict.Crash or Verdict.Hang or Verdict.NonStrict;

    /// <summary>The rule's one-line note: its first finding, its first observation, or why it did not run.</summary>
    public static string Note(RuleResult x) => x.Caveat is { } caveat && x.Judged
        ? (VerdictNote(x) is { Length: > 0 } note ? $"{note} ({caveat})" : caveat)
        : VerdictNote(x);

    private static string VerdictNote(RuleResult x) => x.Verdict switch
    {
        Verdict.Info => x.Observations.FirstOrDefault() ?? string.Empty,
        Verdict.NotRun when !x.Judged && x.NotRunReason is { } why => why,
        Verdict.NotRun when !x.Judged => x.Rule.Tier == Tier.Threaded ? "threaded tier not run" : "not selected or tier not run",
        Verdict.NotRun => "nothing exercised it",
        // A hang or crash verdict says what ended its case (or why the case was not started).
        Verdict.Hang => x.Findings.FirstOrDefault(f => f.Severity == Severity.Hang)?.Actual ?? x.Findings.FirstOrDefault()?.Actual ?? "a run hung before it could be judged",
        Verdict.Crash => x.Findings.FirstOrDefault(f => f.Severity == Severity.Crash)?.Actual ?? x.Findings.FirstOrDefault()?.Actual ?? "the loop's process died",
        _ => x.Findings.FirstOrDefault()?.Actual ?? string.Empty,
    };

    /// <summary>What a rule's report says happened: its counterexample's story, ending with the
    /// command that replays its file in <paramref name="outDir"/>, or its findings when it has no
    /// counterexample (a crash or a hang).</summary>
    public static IReadOnlyList<string> Story(RuleResult x, string outDir) =>
        x.Counterexample is { } c ? CounterexampleFile.StoryAt(c, CounterexampleFile.PathFor(outDir, c.RuleId)) : [.. x.Findings.Select(f => f.ToString())];

    /// <summary>The story of a scenario the reference loop failed, ending with the command that
    /// replays its file in <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<string> ReferenceStory(Counterexample c, string outDir) =>
        CounterexampleFile.StoryAt(c, CounterexampleFile.ReferencePathFor(outDir, c.RuleId));

    /// <summary>The run a counterexample came from, as an ordering key: its unit's origin.</summary>
    public static long OriginKey(Counterexample c) => WorkPlan.OriginOf(c) ?? long.MaxValue;

    /// <summary>The origin of the unit a counterexample came from; null when unknown.</summary>
    public static int? Origin(Counterexample c) => WorkPlan.OriginOf(c);

    /// <summary>The replay command for a counterexample written into <paramref name="outDir"/>.</summary>
    public static string ReplayCommand(string outDir, string ruleId) => ToolCommand.Replay(CounterexampleFile.PathFor(outDir, ruleId));

    public static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
