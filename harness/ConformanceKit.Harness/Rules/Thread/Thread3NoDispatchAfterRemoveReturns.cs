using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Thread;

/// <summary>THREAD-3 (MUST): after remove has returned on another thread, no new invocation of that callback starts.</summary>
/// <remarks>Checked in the threaded tier only: the deterministic tier has no second thread.</remarks>
internal sealed class Thread3NoDispatchAfterRemoveReturns : Rule
{
    public override string Id => "THREAD-3";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "after remove has returned on another thread, no new invocation of that callback starts.";

    public override Tier Tier => Tier.Threaded;

    public override Judgement Judge(Fact fact) => fact switch
    {
        ThreadedCaseThrew t when t.RuleId == Id => Crash(t, $"the loop threw: {t.Exception} (schedule {t.Schedule})"),
        RemoveRaceObserved { RemoveReturned: true, RemoveResult: 0 } r => r.StartedAfterRemove
            ? Violation(r, "no callback of a registration after its remove returned on another thread", $"its callback started after remove returned 0 (schedule {r.Schedule})")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
