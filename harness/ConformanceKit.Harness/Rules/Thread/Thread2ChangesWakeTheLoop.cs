using ConformanceKit.Harness.Model;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Thread;

/// <summary>THREAD-2 (MUST): a change made from another thread takes effect without waiting for an unrelated event: a loop blocked with nothing to do wakes up when another thread adds a ready watch or a frequency-0 timer, or removes a registration (libvirt's own test calls this "interrupted during poll").</summary>
/// <remarks>Checked in the threaded tier, and with real libvirt calling from the application's thread
/// in the native tier (<c>THREAD-2/real-libvirt-from-another-thread</c>: events armed, the event timer
/// removed, and a stop timer added, each from the application's thread; an ff that never runs at all
/// is FREE-2's, judged by the other native case); the deterministic tier has no second thread. On the
/// real clock one slow wake-up proves nothing (a busy machine can stall any thread), so the bound
/// applies to the median over the certification; a change that never takes effect (within the
/// case's patience) fails on its own.</remarks>
internal sealed class Thread2ChangesWakeTheLoop : Rule
{
    public override string Id => "THREAD-2";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a change made from another thread takes effect without waiting for an unrelated event: a loop blocked with nothing to do wakes up when another thread adds a ready watch or a frequency-0 timer, or removes a registration (libvirt's own test calls this \"interrupted during poll\").";

    public override Tier Tier => Tier.Threaded;

    public override Judgement Judge(Fact fact) => fact switch
    {
        ThreadedCaseThrew t when t.RuleId == Id => Crash(t, $"the loop threw: {t.Exception} (schedule {t.Schedule})"),
        WakeupMeasured w => w.LatencyMs is not null
            ? Judgement.Pass
            : Violation(w, $"{w.Change} from another thread takes effect without an unrelated event", $"it never took effect within {Tolerance.ThreadedPatience.TotalSeconds:0} s (schedule {w.Schedule})"),
        WakeupSummary { Count: > 0 } s when s.MedianMs > Tolerance.WakeupBoundMs =>
            Violation(s, $"median wake-up latency within {Tolerance.WakeupBoundMs} ms (real clock)", $"median {s.MedianMs:0.0} ms over {s.Count} wake-ups"),
        RealLibvirtWakeObserved r when r.LatenciesMs.Length < r.EventsExpected =>
            Violation(r, $"real libvirt's {r.EventsExpected} lifecycle events arrive while the loop blocks on its own thread (libvirt arms its timer from the calling thread)",
                $"{r.LatenciesMs.Length} of {r.EventsExpected} arrived{(r.Failure is null ? string.Empty : ": " + r.Failure)}"),
        RealLibvirtWakeObserved { Stopped: false } r =>
            Violation(r, "a loop blocked in RunOnce(infinite) wakes when another thread adds a frequency-0 timer", "its thread did not return from RunOnce when the client added one to stop it"),
        RealLibvirtWakeObserved { FreedInTime: false, FreedAtEnd: true } r =>
            Violation(r, "the ff of libvirt's event timer, removed from the application's thread, runs without waiting for an unrelated event",
                "it ran only after the client woke the loop with a frequency-0 timer of its own"),
        RealLibvirtWakeObserved r when r.MedianMs > Tolerance.WakeupBoundMs =>
            Violation(r, $"median delivery within {Tolerance.WakeupBoundMs} ms of the libvirt call (real clock)", $"median {r.MedianMs:0.0} ms over {r.LatenciesMs.Length} events"),
        RealLibvirtWakeObserved r => Observe(r, $"real libvirt, loop on its own thread: event delivery median {r.MedianMs:0.0} ms, max {r.LatenciesMs.Max():0.0} ms over {r.LatenciesMs.Length} events (real clock; bound on the median {Tolerance.WakeupBoundMs} ms)"),
        StopIgnored s => Violation(s, "the loop wakes for a frequency-0 timer added to stop it", $"it did not stop within {Tolerance.ThreadedPatience.TotalSeconds:0} s (schedule {s.Schedule})"),
        WakeupSummary s when s.Count > 0 => Observe(s, $"wake-up latency median {s.MedianMs:0.000} ms, max {s.MaxMs:0.000} ms over {s.Count} wake-ups{(s.AboveBound > 0 ? $", {s.AboveBound} above {Tolerance.WakeupBoundMs} ms" : string.Empty)}{(s.Never > 0 ? $", {s.Never} never" : string.Empty)} (real clock; bound on the median {Tolerance.WakeupBoundMs} ms)"),
        _ => Judgement.Skip,
    };
}
