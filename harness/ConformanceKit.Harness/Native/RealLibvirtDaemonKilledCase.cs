using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Libvirt;

namespace ConformanceKit.Harness.Native;

/// <summary>The remote case with the daemon killed (SIGKILL) once the first lifecycle event has
/// arrived: libvirt's socket then reports Readable and Hangup. The loop must report the hangup
/// (HANDLE-3) so that libvirt reads the end of the connection, removes its watch and keepalive
/// timer, and calls the close callback; then the loop must block, not spin, and libvirt's next call
/// must fail.</summary>
/// <remarks>Measured with the reference loop (libvirt 9.0.0): one iteration after the kill,
/// <c>callback(Readable|Hangup)</c>, inside it <c>remove_handle</c> and <c>remove_timeout</c> of the
/// keepalive timer, the close callback with reason 1 (end of file); ten <c>RunOnce(20 ms)</c> in
/// the 200 ms quiet window.</remarks>
internal sealed class RealLibvirtDaemonKilledCase : RemoteSessionCase
{
    public override string Id => "HANDLE-3/real-libvirt-daemon-killed";

    public override string RuleId => "HANDLE-3";

    public override string Description => "real libvirt's private libvirtd is killed mid-session (after the first event): the socket hangs up";

    public override string Expectation => "the loop reports Readable|Hangup, libvirt's close callback comes, the loop then blocks, and libvirt's next call fails";

    protected override RemoteSession Session => RemoteSession.DaemonKilled;

    protected override IEnumerable<Fact> Extra(RealLibvirtRun run, int end)
    {
        if (run.Remote is not { DaemonKilled: true } r)
        {
            return [];
        }

        var (calls, reported, first) = DaemonGoneObserved.Hangups(r.AfterKill.Select(c => (c.Events, c.KernelHangup)));
        return [new DaemonGoneObserved(end, 0, r.CloseReason is not null, r.ClosedAfterKillMs, r.IterationsUntilClosed ?? 0, r.QuietIterations, r.QuietMs,
            run.Options.IterationWait.TotalMilliseconds, r.NextCallFailed == true, run.Failure, calls, reported, first)];
    }
}
