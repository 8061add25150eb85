using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-5 (MUST): ff runs with none of the loop's own locks held: an ff that waits for another thread which is calling into the loop does not deadlock.</summary>
/// <remarks>Checked in the threaded tier only: the deterministic tier has no second thread.</remarks>
internal sealed class Free5NoLoopLockHeldDuringFree : Rule
{
    public override string Id => "FREE-5";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "ff runs with none of the loop's own locks held: an ff that waits for another thread which is calling into the loop does not deadlock.";

    public override Tier Tier => Tier.Threaded;

    public override Judgement Judge(Fact fact) => fact switch
    {
        ThreadedCaseThrew t when t.RuleId == Id => Crash(t, $"the loop threw: {t.Exception} (schedule {t.Schedule})"),
        FreeWaitObserved f => f.Completed
            ? Judgement.Pass
            : Violation(f, "the other thread's call into the loop returns while the ff waits", $"deadlock: the ff waited {f.WaitedMs:0} ms and the other thread was still blocked in the loop (schedule {f.Schedule})"),
        _ => Judgement.Skip,
    };
}
