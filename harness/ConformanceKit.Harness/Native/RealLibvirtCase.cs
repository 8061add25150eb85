using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;
using ConformanceKit.Libvirt;

#pragma warning disable RS0030 // wall clock allowed in this file: real libvirt keeps real time: the native tier runs on the system clock

namespace ConformanceKit.Harness.Native;

/// <summary>The native tier's main case: real libvirt (the in-process <c>test:///default</c>
/// driver of Debian's libvirt0) drives the loop under test through <c>virEventRegisterImpl</c>.
/// A domain lifecycle callback is registered; the test domain is suspended, resumed, destroyed and
/// started; the callback is deregistered and the connection closed.</summary>
/// <remarks>
/// <para>Two kinds of facts are judged. The session's trace (libvirt's API calls as steps, every
/// call libvirt made into the loop, every callback and ff back, <c>RunOnce</c> as iterations) goes
/// through the same <see cref="TraceAnalyzer"/> as a generated scenario, so every rule whose
/// situation real libvirt creates is judged on it: ids (IDS-2..6), frequency 0 and -1 and updates
/// (TIMER-1/2/5/7), the ff of the removed, disabled event timer (FREE-2/3/4/6/7), re-entrant
/// updates from inside the timer's own callback (REENTRY-1/3/4). And whether each lifecycle event
/// arrived (TIMER-5: each one is delivered by an update of the event timer to 0).</para>
/// <para>libvirt delivers each event from its event-queue timer: add_timeout(-1) with an ff,
/// update to 0 when an event is queued, back to -1 from inside its own callback, removed at
/// deregistration (the same calls as the fake core's DomainEventQueue profile, checked by a test).
/// libvirt accepts one loop per process: this case only runs in a child worker.</para>
/// </remarks>
internal sealed class RealLibvirtCase : NativeCase
{
    public override string Id => "TIMER-5/real-libvirt-drives-loop";

    public override string RuleId => "TIMER-5";

    public override string Description => "real libvirt (test:///default) drives the loop: a lifecycle callback, suspend, resume, destroy, start, deregister";

    public override string Expectation => "every lifecycle event arrives and every rule holds on libvirt's trace";

    /// <summary>One wait per domain operation, one for the free callbacks, and one to spare for
    /// connecting and closing.</summary>
    public override TimeSpan SessionBound(TimeSpan deadline) => deadline * (DomainOps.All.Count + 2);

    public override (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline)
    {
        using var loop = createLoop(TimeProvider.System);
        var run = RealLibvirtClient.Run(loop, RealLibvirtOptions.Default with { Deadline = deadline });
        int end = run.Trace.IsEmpty ? 0 : run.Trace[^1].Seq;
        var arrived = new RealLibvirtObserved(end, 0, DomainOps.All.Count, run.Events.Count, run.Failure);
        return ([.. TraceAnalyzer.Analyze(run.Trace), arrived], run.Trace);
    }
}
