using System.Diagnostics;
using System.Runtime.InteropServices;
using ConformanceKit.Libvirt.Interop;

namespace ConformanceKit.Libvirt;

/// <summary>The remote session: real libvirt's remote driver talks RPC to a
/// <see cref="PrivateDaemon"/> over a Unix socket, so the loop gets libvirt's socket watch and its
/// keepalive timer as well as the domain-event timer.</summary>
/// <remarks>After connecting: keepalive on (<c>virConnectSetKeepAlive</c>), a close callback (how
/// libvirt tells the application that the connection is gone), a lookup; then the domain operations
/// of the in-process session; then either several keepalive intervals of idling and a lookup, or the
/// daemon killed mid-session, the loop run until libvirt's close callback comes, a quiet window in
/// which nothing of libvirt's is left to watch, and the next operation, which must fail.</remarks>
public static unsafe partial class RealLibvirtClient
{
    private const string LocalUri = "test:///default";

    /// <summary>The remote URI as steps and messages show it: without the socket's temporary
    /// path, so that two runs tell the same story.</summary>
    private const string RemoteUriShown = "test+unix:///default";

    /// <summary>How long the loop runs after libvirt noticed the daemon was gone, to see whether it
    /// blocks (nothing of libvirt's is ready then) or spins.</summary>
    private static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(200);

    [UnmanagedCallersOnly]
    private static void Closed(nint conn, int reason, nint opaque) => Volatile.Read(ref s_session)?.OnClosed(reason);

    private sealed partial class Session
    {
        private int? _closeReason;
        private double? _closedAfterKillMs;
        private int? _iterationsUntilClosed;
        private bool? _nextCallFailed;
        private int? _quietIterations;
        private double? _quietMs;
        private bool _closeCallbackRegistered;
        private double _idleMs;
        private Stopwatch? _sinceKill;
        private readonly List<HandleAfterKill> _afterKill = [];

        /// <summary>The daemon was killed: libvirt's calls on the connection now fail, rightly.</summary>
        private bool Gone => _sinceKill is not null;

        /// <summary>A handle callback after the kill: what the loop reported, and whether the kernel
        /// said hangup at that moment (then the loop owed the Hangup bit, HANDLE-3).</summary>
        private void NoteAfterKill(int fd, HandleEvents events)
        {
            if (_sinceKill is null)
            {
                return;
            }

            bool hangup = (ConformanceKit.Native.Fd.PollNow(fd) & ConformanceKit.Native.Libc.POLLHUP) != 0;
            lock (_gate)
            {
                _afterKill.Add(new HandleAfterKill(events, hangup));
            }
        }

        public void OnClosed(int reason)
        {
            lock (_gate)
            {
                _closeReason ??= reason;
                _closedAfterKillMs ??= _sinceKill?.Elapsed.TotalMilliseconds;
            }
        }

        /// <summary>Right after virConnectOpen: keepalive, the close callback, a first RPC.</summary>
        private void Connected(nint conn, RemoteSession remote)
        {
            if (Api($"virConnectSetKeepAlive({remote.KeepAliveIntervalS}, {remote.KeepAliveCount})", () => Virt.ConnectSetKeepAlive(conn, remote.KeepAliveIntervalS, (uint)remote.KeepAliveCount)) != 0)
            {
                throw new StepFailed($"virConnectSetKeepAlive failed: {Virt.LastError()}");
            }

            if (Api("virConnectRegisterCloseCallback", () => Virt.ConnectRegisterCloseCallback(conn, &Closed, 0, null)) != 0)
            {
                throw new StepFailed($"virConnectRegisterCloseCallback failed: {Virt.LastError()}");
            }

            _closeCallbackRegistered = true;
            if (Api("virConnectNumOfDomains", () => Virt.ConnectNumOfDomains(conn)) < 0)
            {
                throw new StepFailed($"virConnectNumOfDomains failed: {Virt.LastError()}");
            }
        }

        /// <summary>No calls for <see cref="RemoteSession.Idle"/>: only the keepalive timer and its
        /// ping and pong cross; then a lookup shows the connection survived.</summary>
        private void StayIdle(nint dom, RemoteSession remote, RealLibvirtOptions options)
        {
            var idle = Stopwatch.StartNew();
            while (idle.Elapsed < remote.Idle)
            {
                if (options.LoopOnOwnThread)
                {
                    Thread.Sleep(1); // the loop's thread iterates
                    continue;
                }

                RunDueFfs();
                _trace.Iteration(() => loop.RunOnce(options.IterationWait));
            }

            _idleMs = idle.Elapsed.TotalMilliseconds;
            if (Api("virDomainGetState", () => GetState(dom)) < 0)
            {
                throw new StepFailed($"virDomainGetState after {_idleMs:F0} ms idle failed: {Virt.LastError()} (keepalive lost the connection)");
            }
        }

        /// <summary>Kills the daemon, runs the loop until libvirt's close callback says the
        /// connection is gone, runs it through a quiet window, then tries <paramref name="next"/>.</summary>
        private void DaemonGone(nint dom, DomainOp next, RealLibvirtOptions options)
        {
            if (options.LoopOnOwnThread)
            {
                throw new StepFailed("the daemon-killed session runs the loop on the calling thread only");
            }

            Api("[harness] SIGKILL to the private libvirtd", () => { daemon!.Kill(); return 0; });
            _sinceKill = Stopwatch.StartNew();
            int before = _trace.Iterations;
            bool closed = Pump(() => _closeReason is not null, options, false);
            _iterationsUntilClosed = _trace.Iterations - before;
            if (closed)
            {
                int quiet = _trace.Iterations;
                var window = Stopwatch.StartNew();
                while (window.Elapsed < QuietWindow)
                {
                    RunDueFfs();
                    _trace.Iteration(() => loop.RunOnce(options.IterationWait));
                }

                _quietIterations = _trace.Iterations - quiet;
                _quietMs = window.Elapsed.TotalMilliseconds;
            }

            _nextCallFailed = Api(next.Function(), () => Call(next, dom)) < 0;
        }

        /// <summary>Before virConnectClose: the close callback goes first, so that it reports only
        /// what the daemon did.</summary>
        private void Disconnecting(nint conn)
        {
            if (_closeCallbackRegistered)
            {
                Api("virConnectUnregisterCloseCallback", () => Virt.ConnectUnregisterCloseCallback(conn, &Closed));
            }
        }

        private RemoteRun? RemoteOutcome() => daemon is null ? null : new RemoteRun(RemoteUriShown, daemon.Pid, _idleMs,
            _sinceKill is not null, _closeReason, _closedAfterKillMs, _iterationsUntilClosed, _quietIterations, _quietMs, _nextCallFailed)
        {
            AfterKill = [.. _afterKill],
        };

        private static int GetState(nint dom)
        {
            int state = 0, reason = 0;
            return Virt.DomainGetState(dom, &state, &reason, 0);
        }
    }

    private static int Call(DomainOp op, nint dom) => op switch
    {
        DomainOp.Suspend => Virt.DomainSuspend(dom),
        DomainOp.Resume => Virt.DomainResume(dom),
        DomainOp.Destroy => Virt.DomainDestroy(dom),
        _ => Virt.DomainCreate(dom),
    };
}
