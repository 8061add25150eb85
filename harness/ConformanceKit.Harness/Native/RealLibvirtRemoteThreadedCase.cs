using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Libvirt;

#pragma warning disable RS0030 // wall clock allowed in this file: real libvirt keeps real time: the native tier runs on the system clock

namespace ConformanceKit.Harness.Native;

/// <summary>The remote session with the loop on a thread of its own, as most libvirt applications
/// run it: the application's thread makes the calls, and for each one libvirt's remote driver sets
/// the socket's mask to 0 from that thread while it waits for the reply itself, which arrives on the
/// socket meanwhile. The loop must follow the new mask from its next iteration (HANDLE-6): a loop
/// that ignores the update calls libvirt's callback for a socket libvirt took back.</summary>
/// <remarks>libvirt 9.0.0 survives such callbacks (its callback returns at once while another
/// thread holds the socket), so the client counts them itself (<see cref="MaskCheck"/>); the
/// trace mixes two threads and is kept for the story only, as in
/// <see cref="RealLibvirtThreadedCase"/>.</remarks>
internal sealed class RealLibvirtRemoteThreadedCase : NativeCase
{
    private static readonly RealLibvirtOptions Options = RealLibvirtOptions.Default with
    {
        LoopOnOwnThread = true,
        Remote = RemoteSession.FromAnotherThread,
    };

    public override string Id => "HANDLE-6/real-libvirt-remote-from-another-thread";

    public override string RuleId => "HANDLE-6";

    public override string Description => "real libvirt's remote driver takes its socket from the loop (mask 0) around every call made on the application's thread, while the loop runs on its own";

    public override string Expectation => "no callback for the socket once libvirt set its mask to 0, from the loop's next iteration on; every lifecycle event arrives";

    public override bool NeedsDaemon => true;

    public override TimeSpan SessionBound(TimeSpan deadline) => RemoteSessionFacts.Bound(deadline, RemoteSession.FromAnotherThread) + deadline;

    public override (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline)
    {
        var loop = createLoop(TimeProvider.System);
        var run = RealLibvirtClient.Run(loop, Options with { Deadline = deadline });
        if (run.LoopThreadStopped != false)
        {
            loop.Dispose(); // not while its thread may still be inside RunOnce
        }

        if (run.NotRunReason is { } why)
        {
            return ([new NativeCaseNotRun(0, 0, why)], []);
        }

        int end = run.Trace.IsEmpty ? 0 : run.Trace[^1].Seq;
        return ([new RealLibvirtObserved(end, 0, DomainOps.All.Count, run.Events.Count, run.Failure),
            new MasksFollowedObserved(end, 0, run.Masks.Witnesses, run.Masks.Breaches, run.Masks.FirstBreach)], run.Trace);
    }
}
