using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.FakeLibvirt.Workloads;

/// <summary>How real libvirt uses a loop, as scenarios the fake core replays.</summary>
/// <remarks>
/// The domain-event profile follows the call sequence recorded from libvirt 9.0.0 with
/// <c>test:///default</c> (LIBVIRT-FACTS.md): add_timeout(-1) with an ff; update to 0 when an event
/// is queued; back to -1 from inside its own callback; removed when the last event callback is
/// deregistered; the ff runs afterwards, from the loop. The RPC-socket and keepalive profiles
/// follow what libvirt 9.0.0's remote driver did against a private libvirtd (docs/libvirt.md);
/// tests in conformance-tests/ConformanceKit.Tests/Libvirt check all three against real libvirt.
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

    /// <summary>The RPC socket of a remote connection, as libvirt 9.0.0's remote driver uses it
    /// (recorded against a private libvirtd): Readable with an ff; around every call the
    /// application makes, mask 0 while the calling thread waits for its reply itself, Readable
    /// again once it has it; the callback reads what came and sets Readable again; the daemon
    /// goes away (Readable|Hangup) and the watch is removed.</summary>
    /// <remarks>A loop on a thread of its own iterates while the mask is 0 and a reply waits: it
    /// must not call the watch back then (HANDLE-6). libvirt removes the watch from inside the
    /// callback that saw the hangup (<see cref="Reaction.OnHangup"/>). libvirt never asked for
    /// Writable here: it writes from the calling thread, and its keepalive pings from inside the
    /// timer's callback.</remarks>
    public static Scenario RpcSocket() => Scenario.Of(
    [
        new AddWatch(0, HandleEvents.Readable, WithFf: true, Reactions:
        [
            new Reaction(ReactionKind.DrainOwnFd, Repeat: true),
            new Reaction(ReactionKind.UpdateSelf, Value: (int)HandleEvents.Readable, Repeat: true),
            new Reaction(ReactionKind.RemoveSelf, OnHangup: true),    // the connection is closed
        ]),
        new Iterate(),
        .. Call(),
        new Far(0, FdAction.WriteToLoop),                 // an event or a keepalive pong arrives
        new Iterate(),                                    // called back: reads it
        .. Call(),
        new Iterate(),                                    // nothing to read
        new Far(0, FdAction.CloseFarEnd),                 // the daemon went away
        new Iterate(),                                    // Readable|Hangup: removed from inside the callback
        new Iterate(),
        new Iterate(),
    ]);

    /// <summary>One call from the application: the socket taken from the loop, the reply arriving
    /// and read by the calling thread, the socket given back.</summary>
    private static Step[] Call() =>
    [
        new UpdateWatch(Target.Ref(0), HandleEvents.None),
        new Far(0, FdAction.WriteToLoop),
        new Iterate(),                                    // a loop thread iterates meanwhile
        new Far(0, FdAction.DrainLoopEnd),
        new UpdateWatch(Target.Ref(0), HandleEvents.Readable),
    ];

    /// <summary>The keepalive timer, as libvirt 9.0.0 uses it after <c>virConnectSetKeepAlive(1, 3)</c>
    /// (recorded): every 1000 ms with an ff; re-armed at 1000 from its own callback (which sends the
    /// ping) and after every message that arrives; never disabled; removed with the connection.</summary>
    public static Scenario Keepalive() => Scenario.Of(
        new AddTimer(1000, WithFf: true, Reactions: [new Reaction(ReactionKind.UpdateSelf, Value: 1000, Repeat: true)]),
        new AdvanceToDue(Target.Ref(0), -1),
        new Iterate(),                                    // not yet
        new AdvanceToDue(Target.Ref(0), 0),
        new Iterate(),                                    // idle for an interval: fires, pings, re-arms itself
        new Advance(300),
        new UpdateTimer(Target.Ref(0), 1000),             // the pong arrived: re-armed
        new AdvanceToDue(Target.Ref(0), -300),
        new Iterate(),                                    // due 1000 ms after that update, not after the fire
        new AdvanceToDue(Target.Ref(0), 0),
        new Iterate(),                                    // fires
        new RemoveTimer(Target.Ref(0)),                   // the connection is closed
        new Iterate(),
        new Iterate());
}
