using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Thread;

/// <summary>THREAD-1 (MUST): the six functions may be called from any thread while the loop runs on its own; no registration is lost or duplicated and ids stay unique.</summary>
/// <remarks>Checked in the threaded tier only: the deterministic tier has no second thread.</remarks>
internal sealed class Thread1CallsFromAnyThread : Rule
{
    public override string Id => "THREAD-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "the six functions may be called from any thread while the loop runs on its own; no registration is lost or duplicated and ids stay unique.";

    public override Tier Tier => Tier.Threaded;

    public override Judgement Judge(Fact fact) => fact switch
    {
        ThreadedCaseThrew t when t.RuleId == Id => Crash(t, $"the loop threw: {t.Exception} (schedule {t.Schedule})"),
        ChurnObserved c when c.DuplicateLiveIds + c.FailedAdds + c.FailedRemoves + c.FfMissing + c.FfTwice > 0 =>
            Violation(c, $"{c.Adds} adds from {c.Threads} threads ({c.OverlappingAdds} begun while another was in flight): fresh ids, removes returning 0, one ff each",
                $"{c.DuplicateLiveIds} duplicate live ids, {c.FailedAdds} failed adds, {c.FailedRemoves} failed removes, {c.FfMissing} ffs missing, {c.FfTwice} ffs twice (schedule {c.Schedule})"),
        // A clean schedule in which no two adds were in flight at once tried nothing concurrent:
        // it is not counted as a check (the machine gave the threads no parallelism).
        ChurnObserved c => c.OverlappingAdds > 0 ? Judgement.Pass : Judgement.Skip,
        _ => Judgement.Skip,
    };
}
