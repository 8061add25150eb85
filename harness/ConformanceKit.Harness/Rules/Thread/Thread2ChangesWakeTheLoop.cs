using ConformanceKit.Harness.Threaded;
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
        WakeupMeasured w => w.LatencyMs is double ms && ms <= ThreadedTier.WakeupBoundMs
            ? Judgement.Pass
            : Violation(w, $"{w.Change} from another thread takes effect within {ThreadedTier.WakeupBoundMs} ms (real clock)",
                w.LatencyMs is double slow ? $"took {slow:0.0} ms (schedule {w.Schedule})" : $"never took effect within {ThreadedCase.Patience.TotalSeconds:0} s (schedule {w.Schedule})"),
        StopIgnored s => Violation(s, "the loop wakes for a frequency-0 timer added to stop it", $"it did not stop within {ThreadedCase.Patience.TotalSeconds:0} s (schedule {s.Schedule})"),
        WakeupSummary s when s.Count > 0 => Observe(s, $"wake-up latency median {s.MedianMs:0.000} ms, max {s.MaxMs:0.000} ms over {s.Count} wake-ups{(s.Never > 0 ? $", {s.Never} never" : string.Empty)} (real clock; bound {ThreadedTier.WakeupBoundMs} ms)"),
        _ => Judgement.Skip,
    };
}
