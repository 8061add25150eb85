using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;
using ConformanceKit.Harness.Threaded;
using ConformanceKit.Libvirt;

#pragma warning disable RS0030 // wall clock allowed in this file: real libvirt keeps real time: the native tier runs on the system clock

namespace ConformanceKit.Harness.Native;

/// <summary>THREAD-2 with real libvirt: the loop runs on a thread of its own, blocked in
/// <c>RunOnce(Timeout.InfiniteTimeSpan)</c> with nothing due (libvirt's event timer sits at -1),
/// while the application's thread calls <c>virDomainSuspend</c> &amp; co.; libvirt queues each event
/// and arms its timer with update_timeout(0) from that other thread. Each event arrives only if the
/// loop wakes up for the change, as libvirt's own eventtest demands ("interrupted during poll").</summary>
/// <remarks>The trace of this session mixes two threads' calls, so it is kept for the story only;
/// what is judged is whether every event arrived and how long each took (median within
/// <see cref="Tolerance.WakeupBoundMs"/>, like the threaded tier's THREAD-2 case).</remarks>
internal sealed class RealLibvirtThreadedCase : NativeCase
{
    public override string Id => "THREAD-2/real-libvirt-from-another-thread";

    public override string RuleId => "THREAD-2";

    public override string Description => "real libvirt arms its event timer from the application's thread while the loop blocks in RunOnce(infinite) on a thread of its own";

    public override string Expectation => $"every lifecycle event arrives, median within {Tolerance.WakeupBoundMs} ms of the call that queued it";

    /// <summary>One wait per operation, one for the free callbacks, one for the loop thread to stop,
    /// one to spare.</summary>
    public override TimeSpan SessionBound(TimeSpan deadline) => deadline * (DomainOps.All.Count + 3);

    public override (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline)
    {
        int expected = DomainOps.All.Count;
        var loop = createLoop(TimeProvider.System);
        var run = RealLibvirtClient.Run(loop, RealLibvirtOptions.Default with
        {
            LoopOnOwnThread = true,
            IterationWait = Timeout.InfiniteTimeSpan,
            Deadline = deadline,
        });
        if (run.LoopThreadStopped != false)
        {
            loop.Dispose(); // not while its thread may still be inside RunOnce
        }

        int end = run.Trace.IsEmpty ? 0 : run.Trace[^1].Seq;
        return ([new RealLibvirtWakeObserved(end, 0, expected, [.. run.EventLatenciesMs], run.FreedInTime, run.FreedAtEnd, run.LoopThreadStopped != false, run.Failure)], run.Trace);
    }
}
