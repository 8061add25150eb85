using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Libvirt;

namespace ConformanceKit.Harness.Native;

/// <summary>The native tier's remote case: real libvirt's remote driver talks RPC to a private
/// libvirtd serving <c>test:///default</c>, so the loop carries what every real client's loop
/// carries: the RPC socket's watch (its mask set to 0 and back to Readable around every call) and
/// the keepalive timer (1 s, re-armed after every message), beside the domain-event timer.</summary>
/// <remarks>The session: connect, keepalive every second, a close callback, lookups, suspend,
/// resume, destroy, start, 2.5 s idle (two keepalive pings and their pongs), a lookup,
/// deregister, close. The handle rules are judged on real libvirt's traffic here, and FREE-* on the
/// socket's watch and the keepalive timer. The daemon is started for the session and stopped after
/// it (<see cref="PrivateDaemon"/>); when it cannot start, the case is not-run and says why.</remarks>
internal sealed class RealLibvirtRemoteCase : RemoteSessionCase
{
    public override string Id => "HANDLE-1/real-libvirt-remote-session";

    public override string RuleId => "HANDLE-1";

    public override string Description => "real libvirt talks to a private libvirtd (test+unix:///default): keepalive every 1 s, lookups, suspend, resume, destroy, start, 2.5 s idle, close";

    public override string Expectation => "every lifecycle event arrives, the connection survives the idle keepalive intervals, and every rule holds on libvirt's trace";

    protected override RemoteSession Session => RemoteSession.Idling;
}
