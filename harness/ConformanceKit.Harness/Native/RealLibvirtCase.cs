using System.Collections.Immutable;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Libvirt;

namespace ConformanceKit.Harness.Native;

/// <summary>The native tier's named case: real libvirt (the in-process <c>test:///default</c>
/// driver of Debian's libvirt0) drives the loop under test through <c>virEventRegisterImpl</c>.
/// A domain lifecycle callback is registered; the test domain is suspended, resumed, destroyed and
/// started; the callback is deregistered and the connection closed.</summary>
/// <remarks>libvirt delivers each event from its event-queue timer: add_timeout(-1) with an ff,
/// update to 0 when an event is queued, back to -1 from inside its own callback, removed at
/// deregistration (the same calls as the fake core's DomainEventQueue profile, checked by a test).
/// libvirt accepts one loop per process: this case only runs in a child worker.</remarks>
public static class RealLibvirtCase
{
    public const string Id = "TIMER-5/real-libvirt-drives-loop";

    public const string RuleId = "TIMER-5";

    public const string Description = "real libvirt (test:///default) drives the loop: a lifecycle callback, suspend, resume, destroy, start, deregister";

    public static ImmutableArray<Fact> Run(Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline)
    {
        if (LibvirtAvailability.Problem() is { } problem)
        {
            return [new RealLibvirtObserved(0, 0, DomainOps.All.Count, 0, false, $"libvirt cannot be loaded: {problem}")];
        }

        using var loop = createLoop(TimeProvider.System);
        var run = RealLibvirtClient.Run(loop, RealLibvirtOptions.Default with { Deadline = deadline });
        return [new RealLibvirtObserved(0, 0, DomainOps.All.Count, run.Events.Count, run.EventTimerFfRan, run.Failure)];
    }
}
