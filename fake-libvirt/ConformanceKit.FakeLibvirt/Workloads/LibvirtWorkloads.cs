using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.FakeLibvirt.Workloads;

/// <summary>How real libvirt uses a loop, as scenarios the fake core replays.</summary>
/// <remarks>
/// The domain-event profile follows the call sequence recorded from libvirt 9.0.0 with
/// <c>test:///default</c> (LIBVIRT-FACTS.md): add_timeout(-1) with an ff; update to 0 when an event
/// is queued; back to -1 from inside its own callback; removed when the last event callback is
/// deregistered; the ff runs afterwards, from the loop.
/// </remarks>
public static class LibvirtWorkloads
{
    /// <summary>The domain-event queue timer of a connection.</summary>
    public static Scenario DomainEventQueue() => Scenario.Of(
        new AddTimer(-1, WithFf: true, Reactions: [new Reaction(ReactionKind.UpdateSelf, Value: -1, Repeat: true)]),
        new Iterate(),
        new UpdateTimer(Target.Ref(0), 0), // an event was queued
        new Iterate(),                       // fires; the callback sets it back to -1 and delivers
        new Iterate(),                       // must stay quiet now
        new UpdateTimer(Target.Ref(0), 0), // the next event
        new Iterate(),
        new RemoveTimer(Target.Ref(0)),    // last event callback deregistered
        new Iterate(),
        new Iterate());

    /// <summary>The RPC socket of a remote connection: readable always, writable while output is
    /// queued, removed when the connection closes.</summary>
    public static Scenario RpcSocket() => Scenario.Of(
        new AddWatch(0, HandleEvents.Readable, WithFf: true, Reactions: [new Reaction(ReactionKind.DrainOwnFd, Repeat: true)]),
        new Far(0, FdAction.WriteToLoop),
        new Iterate(),
        new UpdateWatch(Target.Ref(0), HandleEvents.Readable | HandleEvents.Writable), // a request is queued
        new Iterate(),
        new UpdateWatch(Target.Ref(0), HandleEvents.Readable),                         // sent
        new Far(0, FdAction.WriteToLoop),                                               // the reply
        new Iterate(),
        new Far(0, FdAction.CloseFarEnd),                                               // the daemon went away
        new Iterate(),
        new RemoveWatch(Target.Ref(0)),
        new Iterate());

    /// <summary>The keepalive timer: fires every interval, is disabled while traffic flows,
    /// removed with the connection.</summary>
    public static Scenario Keepalive() => Scenario.Of(
        new AddTimer(5000),
        new AdvanceToDue(Target.Ref(0), -1),
        new Iterate(),
        new AdvanceToDue(Target.Ref(0), 0),
        new Iterate(),
        new AdvanceToDue(Target.Ref(0), 0),
        new Iterate(),
        new UpdateTimer(Target.Ref(0), -1),
        new Advance(10_000),
        new Iterate(),
        new UpdateTimer(Target.Ref(0), 5000),
        new AdvanceToDue(Target.Ref(0), 0),
        new Iterate(),
        new RemoveTimer(Target.Ref(0)),
        new Iterate());
}
