using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Thread;

/// <summary>THREAD-2 (MUST): a change made from another thread takes effect without waiting for an unrelated event: a loop blocked with nothing to do wakes up when another thread adds a ready watch or a frequency-0 timer, or removes a registration (libvirt's own test calls this "interrupted during poll").</summary>
/// <remarks>Checked in the threaded tier only: the deterministic tier has no second thread.</remarks>
internal sealed class Thread2ChangesWakeTheLoop : Rule
{
    public override string Id => "THREAD-2";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a change made from another thread takes effect without waiting for an unrelated event: a loop blocked with nothing to do wakes up when another thread adds a ready watch or a frequency-0 timer, or removes a registration (libvirt's own test calls this \"interrupted during poll\").";

    public override RuleTier Tier => RuleTier.Threaded;

    public override Judgement Judge(Fact fact) => fact switch
    {
        _ => Judgement.Skip,
    };
}
