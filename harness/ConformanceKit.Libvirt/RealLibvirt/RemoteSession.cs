namespace ConformanceKit.Libvirt;

/// <summary>How a remote session runs (<see cref="RealLibvirtOptions.Remote"/>).</summary>
/// <param name="KeepAliveIntervalS">virConnectSetKeepAlive's interval, in seconds.</param>
/// <param name="KeepAliveCount">virConnectSetKeepAlive's count of unanswered pings.</param>
/// <param name="Idle">How long the session idles after the operations (several keepalive intervals).</param>
/// <param name="KillDaemonAfterOps">Kill the daemon once this many operations had their event
/// (the rest are not made, but the next one is tried on the dead connection); null: never.</param>
public sealed record RemoteSession(int KeepAliveIntervalS, int KeepAliveCount, TimeSpan Idle, int? KillDaemonAfterOps)
{
    /// <summary>Keepalive every second (three missed pings close), 2.5 s idle: two pings and
    /// their pongs, cheaply.</summary>
    public static RemoteSession Idling { get; } = new(1, 3, TimeSpan.FromMilliseconds(2500), null);

    /// <summary>The daemon killed once the first operation's event arrived.</summary>
    public static RemoteSession DaemonKilled { get; } = new(1, 3, TimeSpan.Zero, 1);

    /// <summary>For a loop on a thread of its own (<see cref="RealLibvirtOptions.LoopOnOwnThread"/>):
    /// the calls and events alone, no idling; every call takes the socket from the loop while a
    /// reply is on its way.</summary>
    public static RemoteSession FromAnotherThread { get; } = new(1, 3, TimeSpan.Zero, null);
}

/// <summary>What a remote session saw besides the loop's calls.</summary>
/// <param name="Uri">The URI, without the socket's temporary path.</param>
/// <param name="DaemonPid">The private daemon's pid (a test checks that it is gone afterwards).</param>
/// <param name="IdleMs">How long the session idled.</param>
/// <param name="DaemonKilled">The daemon was killed mid-session.</param>
/// <param name="CloseReason">The reason libvirt's close callback gave (virConnectCloseReason); null if it never came.</param>
/// <param name="ClosedAfterKillMs">From the kill to the close callback.</param>
/// <param name="IterationsUntilClosed">RunOnce calls from the kill to the close callback.</param>
/// <param name="QuietIterations">RunOnce calls in the quiet window after it.</param>
/// <param name="QuietMs">How long that window lasted.</param>
/// <param name="NextCallFailed">libvirt's next call on the dead connection failed.</param>
public sealed record RemoteRun(string Uri, int DaemonPid, double IdleMs, bool DaemonKilled, int? CloseReason, double? ClosedAfterKillMs,
    int? IterationsUntilClosed, int? QuietIterations, double? QuietMs, bool? NextCallFailed)
{
    /// <summary>Every handle callback after the kill, in order.</summary>
    public IReadOnlyList<HandleAfterKill> AfterKill { get; init; } = [];
}

/// <summary>A handle callback the loop made after the daemon was killed.</summary>
/// <param name="Events">What the loop reported.</param>
/// <param name="KernelHangup">poll() said POLLHUP of the fd when the callback began.</param>
public sealed record HandleAfterKill(HandleEvents Events, bool KernelHangup);
