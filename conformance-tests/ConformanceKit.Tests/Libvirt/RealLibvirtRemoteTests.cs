using ConformanceKit.FakeLibvirt.Workloads;
using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.Probes;

namespace ConformanceKit.Tests.Libvirt;

public sealed class RemoteIdleSession() : ChildReportFixture<RealLibvirtRun>(false, () => LibvirtChildProcess.DriveReference(remote: RemoteSession.Idling));

public sealed class RemoteDaemonKilledSession() : ChildReportFixture<RealLibvirtRun>(false, () => LibvirtChildProcess.DriveReference(remote: RemoteSession.DaemonKilled));

public sealed class RemoteFromAnotherThreadSession() : ChildReportFixture<RealLibvirtRun>(false, () => LibvirtChildProcess.DriveReference(remote: RemoteSession.FromAnotherThread));

/// <summary>Real libvirt 9.0.0's remote driver drives the reference loop over a private libvirtd
/// (<c>test+unix:///default</c>), in a child process of its own: what it asks of the loop for its
/// RPC socket and its keepalive timer, and what happens when the daemon is killed. One session of
/// each kind serves every test of the class.</summary>
public sealed class RealLibvirtRemoteTests(RemoteIdleSession idle, RemoteDaemonKilledSession killed, RemoteFromAnotherThreadSession threaded)
    : IClassFixture<RemoteIdleSession>, IClassFixture<RemoteDaemonKilledSession>, IClassFixture<RemoteFromAnotherThreadSession>
{
    /// <summary>The loop on a thread of its own: libvirt sets the mask to 0 from the application's
    /// thread around every call, the loop iterates meanwhile (witnesses), and the reference loop
    /// never calls the socket back with a bit libvirt dropped.</summary>
    [Fact]
    public void From_another_thread_libvirt_takes_the_socket_while_the_loop_iterates_and_the_reference_follows_every_mask()
    {
        RealLibvirtRun run = threaded.Report;
        Assert.True(run.Failure is null, $"{run.Failure}\n{Story(run)}");
        Assert.Equal(4, run.Events.Count);
        Assert.True(run.Masks.Witnesses >= 4, $"only {run.Masks.Witnesses} calls with the loop iterating at mask 0");
        Assert.True(run.Masks.Breaches == 0, run.Masks.FirstBreach);
        int caller = run.Calls[0].Thread;
        Assert.Contains(run.Calls, c => c.Kind == LoopCallKind.UpdateHandle && c.Value == 0 && c.Thread == caller);
        Assert.Contains(run.Calls, c => c.Kind == LoopCallKind.HandleCallback && c.Thread != caller);
        Assert.False(PrivateDaemon.Alive(run.Remote!.DaemonPid));
    }

    private static string Story(RealLibvirtRun run) => string.Join('\n', run.Story());

    private static string Cause(RealLibvirtRun run, LoopCall c) => run.Api.Last(a => a.Seq < c.Seq).Function;

    [Fact]
    public void Idle_session_succeeds_every_event_arrives_and_its_daemon_is_gone()
    {
        RealLibvirtRun run = idle.Report;
        Assert.True(run.Failure is null, $"{run.Failure}\n{Story(run)}");
        Assert.Equal(["SUSPENDED", "RESUMED", "STOPPED", "STARTED"], run.Events.Select(e => e.TypeName));
        Assert.NotNull(run.Remote);
        Assert.InRange(run.Remote!.IdleMs, 2500, 10_000);
        Assert.False(PrivateDaemon.Alive(run.Remote.DaemonPid), $"libvirtd {run.Remote.DaemonPid} survived the session");
    }

    /// <summary>The socket's watch: added Readable with an ff when the connection opens; around
    /// every call the application makes, libvirt takes the socket from the loop (mask 0) while its
    /// thread waits for the reply itself, and gives it back (Readable), and its callback sets
    /// Readable again after reading; it never asks for Writable; removed when the connection
    /// closes, its ff afterwards.</summary>
    [Fact]
    public void The_socket_watch_is_added_readable_set_to_0_and_back_around_every_call_and_removed_at_close()
    {
        RealLibvirtRun run = idle.Report;
        LoopCall add = run.Calls.Single(c => c.Kind == LoopCallKind.AddHandle);
        Assert.Equal((int)HandleEvents.Readable, add.Value);
        Assert.True(add.HasFf);
        Assert.Equal(1, add.Return);
        Assert.Equal("virConnectOpen(test+unix:///default)", Cause(run, add));

        var updates = run.Calls.Where(c => c.Kind == LoopCallKind.UpdateHandle).ToList();
        Assert.All(updates, u => Assert.True(u.Value is 0 or (int)HandleEvents.Readable, $"update_handle({u.Id}, {(HandleEvents)u.Value})"));
        for (int i = 0; i < updates.Count; i++)
        {
            if (updates[i].Value == 0)
            {
                // Given back by the next update, from the same place (a call, or a callback).
                Assert.Equal((int)HandleEvents.Readable, updates[i + 1].Value);
                Assert.Equal(updates[i].InsideCallback, updates[i + 1].InsideCallback);
            }
        }

        foreach (ApiCall call in run.Api.Where(a => a.Function is "virConnectNumOfDomains" or "virDomainLookupByName(test)" or "virDomainSuspend" or "virDomainGetState"))
        {
            Assert.Contains(updates, u => u.Value == 0 && !u.InsideCallback && run.Api.Last(a => a.Seq < u.Seq) == call);
        }

        LoopCall remove = run.Calls.Single(c => c.Kind == LoopCallKind.RemoveHandle);
        Assert.Equal(0, remove.Return);
        Assert.Equal("virConnectClose", Cause(run, remove));
        Assert.True(run.Calls.Single(c => c.Kind == LoopCallKind.HandleFreeCallback).Seq > remove.Seq);
    }

    /// <summary>The keepalive timer: add_timeout(1000) with an ff at virConnectSetKeepAlive, re-armed
    /// at 1000 after every message, never disabled; idle, it fires once a second and sends its ping
    /// from inside its own callback (the socket's mask 0 and back); removed at close.</summary>
    [Fact]
    public void The_keepalive_timer_fires_every_second_when_idle_and_pings_from_its_own_callback()
    {
        RealLibvirtRun run = idle.Report;
        LoopCall add = run.Calls.Single(c => c.Kind == LoopCallKind.AddTimeout && c.Value == 1000);
        Assert.True(add.HasFf);
        Assert.Equal("virConnectSetKeepAlive(1, 3)", Cause(run, add));
        int keepalive = add.Return!.Value;
        Assert.All(run.Calls.Where(c => c.Kind == LoopCallKind.UpdateTimeout && c.Id == keepalive), u => Assert.Equal(1000, u.Value));

        var fires = run.Calls.Where(c => c.Kind == LoopCallKind.TimeoutCallback && c.Id == keepalive).ToList();
        Assert.InRange(fires.Count, 2, 3); // 2.5 s idle, 1 s interval
        foreach (LoopCall fire in fires)
        {
            var inside = run.Calls.SkipWhile(c => c != fire).Skip(1).TakeWhile(c => c.InsideCallback).ToList();
            Assert.Contains(inside, c => c.Kind == LoopCallKind.UpdateHandle && c.Value == 0);
            Assert.Contains(inside, c => c.Kind == LoopCallKind.UpdateHandle && c.Value == (int)HandleEvents.Readable);
        }

        LoopCall remove = run.Calls.Single(c => c.Kind == LoopCallKind.RemoveTimeout && c.Id == keepalive);
        Assert.Equal("virConnectClose", Cause(run, remove));
        Assert.Contains(run.Calls, c => c.Kind == LoopCallKind.TimeoutFreeCallback && c.Id == keepalive && c.Seq > remove.Seq);
    }

    /// <summary>The fake core's RPC-socket profile (<see cref="LibvirtWorkloads.RpcSocket"/>)
    /// makes the moves real libvirt made with its socket's watch, in both sessions: the same first
    /// and last call, and the same changes of mask, once repeats are collapsed.</summary>
    [Fact]
    public void Fake_core_RpcSocket_profile_has_the_shape_of_real_libvirts_socket_watch()
    {
        var profile = CallSequence.Shape(CallSequence.FromScenario(LibvirtWorkloads.RpcSocket()));
        foreach (RealLibvirtRun run in new[] { idle.Report, killed.Report })
        {
            int watch = run.Calls.Single(c => c.Kind == LoopCallKind.AddHandle).Id;
            var real = CallSequence.Shape(CallSequence.FromRecorded(run.Calls.Where(c => c.Id == watch && c.Kind is LoopCallKind.AddHandle or LoopCallKind.UpdateHandle or LoopCallKind.RemoveHandle)));
            AssertSameShape(real, profile, "RpcSocket");
        }
    }

    /// <summary>The same for the keepalive timer (<see cref="LibvirtWorkloads.Keepalive"/>).</summary>
    [Fact]
    public void Fake_core_Keepalive_profile_has_the_shape_of_real_libvirts_keepalive_timer()
    {
        var profile = CallSequence.Shape(CallSequence.FromScenario(LibvirtWorkloads.Keepalive()));
        foreach (RealLibvirtRun run in new[] { idle.Report, killed.Report })
        {
            int timer = run.Calls.Single(c => c.Kind == LoopCallKind.AddTimeout && c.Value == 1000).Id;
            var real = CallSequence.Shape(CallSequence.FromRecorded(run.Calls.Where(c => c.Id == timer && c.Kind is LoopCallKind.AddTimeout or LoopCallKind.UpdateTimeout or LoopCallKind.RemoveTimeout)));
            AssertSameShape(real, profile, "Keepalive");
        }
    }

    private static void AssertSameShape((string First, string Last, IReadOnlySet<string> Moves) real, (string First, string Last, IReadOnlySet<string> Moves) profile, string name)
    {
        string Show((string First, string Last, IReadOnlySet<string> Moves) s) => $"first {s.First}, last {s.Last}, moves {string.Join("; ", s.Moves.Order())}";
        // libvirt asks for Writable only when a send could not finish at once (a full socket buffer:
        // seen once, on a loaded machine): such moves may come on top of the profile's, no others.
        var timingOnly = real.Moves.Except(profile.Moves).All(m => m.Contains("Writable", StringComparison.Ordinal));
        Assert.True(real.First == profile.First && real.Last == profile.Last && profile.Moves.IsSubsetOf(real.Moves) && timingOnly,
            $"LibvirtWorkloads.{name}() differs from real libvirt:\n real libvirt: {Show(real)}\n profile:      {Show(profile)}");
    }

    /// <summary>Killed: one iteration later the loop reports Readable|Hangup; libvirt removes its
    /// watch and keepalive timer from inside that callback, calls the close callback with reason 1
    /// (end of file), and its next call fails; the loop then blocks (RunOnce(20 ms) about ten times
    /// in the 200 ms window).</summary>
    [Fact]
    public void Killed_daemon_the_hangup_reaches_libvirt_which_closes_and_the_loop_then_blocks()
    {
        RealLibvirtRun run = killed.Report;
        Assert.True(run.Failure is null, $"{run.Failure}\n{Story(run)}");
        RemoteRun r = run.Remote!;
        Assert.True(r.DaemonKilled);
        Assert.Equal(1, r.CloseReason); // VIR_CONNECT_CLOSE_REASON_EOF
        Assert.InRange(r.IterationsUntilClosed!.Value, 1, 2);
        Assert.InRange(r.QuietIterations!.Value, 5, 15);
        Assert.True(r.NextCallFailed);
        Assert.Equal(["SUSPENDED"], run.Events.Select(e => e.TypeName));

        HandleAfterKill first = r.AfterKill[0];
        Assert.True(first.KernelHangup);
        Assert.Equal(HandleEvents.Readable | HandleEvents.Hangup, first.Events);
        int kill = run.Api.Single(a => a.Function.StartsWith("[harness] SIGKILL", StringComparison.Ordinal)).Seq;
        LoopCall callback = run.Calls.First(c => c.Seq > kill && c.Kind == LoopCallKind.HandleCallback);
        var inside = run.Calls.SkipWhile(c => c != callback).Skip(1).TakeWhile(c => c.InsideCallback).Select(c => c.Kind).ToList();
        Assert.Equal([LoopCallKind.RemoveHandle, LoopCallKind.RemoveTimeout], inside);
        Assert.False(PrivateDaemon.Alive(r.DaemonPid));
    }
}
