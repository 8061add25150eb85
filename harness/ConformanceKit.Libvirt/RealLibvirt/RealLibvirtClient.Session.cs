using System.Diagnostics;
using System.Runtime.InteropServices;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Libvirt.Interop;

namespace ConformanceKit.Libvirt;

public static unsafe partial class RealLibvirtClient
{
    /// <summary>One run: the loop, the record, and the translation both ways.</summary>
    private sealed partial class Session(EventImpl loop, PrivateDaemon? daemon)
    {
        [ThreadStatic]
        private static int t_depth;

        /// <summary>How deep this thread is in the six calls (libvirt called into the loop).</summary>
        [ThreadStatic]
        private static int t_inCall;

        /// <summary>The session is over: a loop thread still running (it did not stop when woken)
        /// never reaches libvirt again.</summary>
        private volatile bool _ended;

        private readonly Lock _gate = new();
        private readonly List<LifecycleEvent> _events = [];
        private readonly List<ApiCall> _api = [];
        private readonly List<string> _errors = [];
        /// <summary>The one record of the session: every call, callback and ff, every API call as a
        /// step; the crossings (<see cref="RealLibvirtRun.Calls"/>) are derived from it.</summary>
        private readonly NativeTrace _trace = new(() => t_depth > 0);
        private readonly Dictionary<int, NativeOpaque> _liveWatches = [];
        private readonly Dictionary<int, NativeOpaque> _liveTimers = [];
        private readonly List<NativeOpaque> _awaitingFree = [];
        private readonly List<NativeOpaque> _ffsDue = [];

        public int AddHandle(int fd, int events, nint cb, nint opaque, nint ff)
        {
            var native = new NativeOpaque(cb, opaque, ff, timer: false, _trace.NewKey());
            int id = Traced(CallKind.AddHandle, native.RegKey, 0, events, ff != 0, _trace.SlotOf(fd), "add_handle",
                () => loop.AddHandle(fd, (HandleEvents)events, (w, f, e, o) => OnHandle(native, w, f, e, o), native, ff != 0 ? o => OnFree(native, o) : null));
            native.Id = id;
            if (id >= 0)
            {
                _trace.WatchAdded(native.RegKey, _trace.KnownSlotOf(fd));
                native.MaskSet = ((HandleEvents)events, _trace.Iterations);
            }

            Live(_liveWatches, id, native);
            return id;
        }

        public void UpdateHandle(int watch, int events)
        {
            Traced(CallKind.UpdateHandle, KeyOf(_liveWatches, watch), watch, events, true, -1, "update_handle", () => { loop.UpdateHandle(watch, (HandleEvents)events); return 0; });
            MaskUpdated(watch, (HandleEvents)events);
        }

        public int RemoveHandle(int watch)
        {
            int rc = Traced(CallKind.RemoveHandle, KeyOf(_liveWatches, watch), watch, 0, true, -1, "remove_handle", () => loop.RemoveHandle(watch));
            if (rc == 0)
            {
                _trace.WatchRemoved(KeyOf(_liveWatches, watch));
            }

            Removed(_liveWatches, watch, rc);
            return rc;
        }

        public int AddTimeout(int frequency, nint cb, nint opaque, nint ff)
        {
            var native = new NativeOpaque(cb, opaque, ff, timer: true, _trace.NewKey());
            int id = Traced(CallKind.AddTimeout, native.RegKey, 0, frequency, ff != 0, -1, "add_timeout",
                () => loop.AddTimeout(frequency, (t, o) => OnTimeout(native, t, o), native, ff != 0 ? o => OnFree(native, o) : null));
            native.Id = id;
            Live(_liveTimers, id, native);
            return id;
        }

        public void UpdateTimeout(int timer, int frequency)
        {
            Traced(CallKind.UpdateTimeout, KeyOf(_liveTimers, timer), timer, frequency, true, -1, "update_timeout", () => { loop.UpdateTimeout(timer, frequency); return 0; });
        }

        public int RemoveTimeout(int timer)
        {
            int rc = Traced(CallKind.RemoveTimeout, KeyOf(_liveTimers, timer), timer, 0, true, -1, "remove_timeout", () => loop.RemoveTimeout(timer));
            Removed(_liveTimers, timer, rc);
            return rc;
        }

        public void OnLifecycle(nint dom, int type, int detail)
        {
            string name = Marshal.PtrToStringUTF8(Virt.DomainGetName(dom)) ?? "?";
            lock (_gate)
            {
                // Its Seq is the next event's: it came after everything recorded so far.
                _events.Add(new LifecycleEvent(_trace.Count, type, detail, name));
            }
        }

        public RealLibvirtRun Drive(RealLibvirtOptions options)
        {
            var clock = Stopwatch.StartNew();
            string? failure = null;
            using var stop = new CancellationTokenSource();
            Thread? runner = null;
            if (options.LoopOnOwnThread)
            {
                runner = new Thread(() => RunLoop(options.IterationWait, stop.Token)) { IsBackground = true, Name = "loop" };
                runner.Start();
            }

            nint conn = 0, dom = 0;
            int callbackId = -1;
            var latencies = new List<double>();
            try
            {
                string shown = daemon is null ? LocalUri : RemoteUriShown;
                conn = Api($"virConnectOpen({shown})", () => Virt.ConnectOpen(daemon?.Uri ?? LocalUri));
                if (conn == 0)
                {
                    throw new StepFailed($"virConnectOpen({shown}) failed: {Virt.LastError()}");
                }

                if (options.Remote is { } remote)
                {
                    Connected(conn, remote);
                }

                dom = Api("virDomainLookupByName(test)", () => Virt.DomainLookupByName(conn, "test"));
                if (dom == 0)
                {
                    throw new StepFailed($"virDomainLookupByName(test) failed: {Virt.LastError()}");
                }

                callbackId = Api("virConnectDomainEventRegisterAny(LIFECYCLE)", () => Virt.ConnectDomainEventRegisterAny(conn, 0, Virt.DomainEventIdLifecycle, &Lifecycle, 0, (delegate* unmanaged<nint, void>)null));
                if (callbackId < 0)
                {
                    throw new StepFailed($"virConnectDomainEventRegisterAny failed: {Virt.LastError()}");
                }

                foreach (DomainOp op in options.Ops)
                {
                    if (options.Remote is { KillDaemonAfterOps: int k } && latencies.Count == k)
                    {
                        DaemonGone(dom, op, options);
                        break;
                    }

                    int before = CurrentSeq();
                    var sinceCall = Stopwatch.StartNew();
                    int rc = Api(op.Function(), () => Call(op, dom));
                    if (rc < 0)
                    {
                        throw new StepFailed($"{op.Function()} failed: {Virt.LastError()}");
                    }

                    int expected = op.ExpectedEvent();
                    if (!Pump(() => HasEventAfter(before, expected), options, runner is not null))
                    {
                        throw new StepFailed($"no {DomainEventTypes.Name(expected)} event within {options.Deadline.TotalMilliseconds:F0} ms after {op.Function()}");
                    }

                    latencies.Add(sinceCall.Elapsed.TotalMilliseconds);
                }

                if (options.Remote is { KillDaemonAfterOps: null } idle)
                {
                    StayIdle(dom, idle, options);
                }
            }
            catch (StepFailed e)
            {
                failure = e.Message;
            }
            catch (Exception e)
            {
                failure = $"{e.GetType().Name} from the loop: {e.Message}";
            }

            // Tear down whatever was set up, even after a failure (on a connection whose daemon
            // is gone, libvirt's calls fail: that is expected there).
            if (callbackId >= 0 && Api("virConnectDomainEventDeregisterAny", () => Virt.ConnectDomainEventDeregisterAny(conn, callbackId)) < 0 && !Gone)
            {
                failure ??= $"virConnectDomainEventDeregisterAny failed: {Virt.LastError()}";
            }

            if (dom != 0)
            {
                Api("virDomainFree", () => Virt.DomainFree(dom));
            }

            if (conn != 0 && options.Remote is not null)
            {
                Disconnecting(conn);
            }

            if (conn != 0 && Api("virConnectClose", () => Virt.ConnectClose(conn)) < 0)
            {
                failure ??= $"virConnectClose failed: {Virt.LastError()}";
            }

            int timerId = EventTimerId();
            bool ffRan = false, freedInTime = false;
            try
            {
                // Until every registration libvirt removed has had its ff (a loop that never frees
                // costs the deadline); then whether the event timer's was among them.
                freedInTime = Pump(AllRemovedFreed, options, runner is not null);
                RunDueFfs();
                ffRan = Done(() => TimerFfRan(timerId));
            }
            catch (Exception e)
            {
                failure ??= $"{e.GetType().Name} from the loop: {e.Message}";
            }

            if (failure is null && timerId == 0)
            {
                failure = "libvirt never added its event timer (add_timeout with an ff)";
            }
            else if (failure is null && !ffRan)
            {
                failure = $"the loop did not call the ff of libvirt's event timer {timerId} within {options.Deadline.TotalMilliseconds:F0} ms after it was removed";
            }

            _trace.End();
            stop.Cancel();
            bool? stopped = null;
            if (runner is not null)
            {
                // A loop blocked in RunOnce(infinite) returns only when something is due: a
                // frequency-0 timer of the client's own (not libvirt's) wakes it to see the stop.
                int waker = options.IterationWait == Timeout.InfiniteTimeSpan ? AddWaker() : -1;
                stopped = runner.Join(options.Deadline);
                if (stopped == false)
                {
                    failure ??= $"the loop thread did not return from RunOnce({(options.IterationWait == Timeout.InfiniteTimeSpan ? "infinite" : $"{options.IterationWait.TotalMilliseconds:F0} ms")}) within {options.Deadline.TotalMilliseconds:F0} ms of being woken";
                }
                else if (waker > 0)
                {
                    Guarded(() => loop.RemoveTimeout(waker));
                }
            }
            _ended = true;
            lock (_gate)
            {
                failure ??= _errors.Count > 0 ? _errors[0] : null;
                return new RealLibvirtRun(
                    loop.GetType().FullName ?? loop.GetType().Name,
                    VirtVersion.Library(),
                    options,
                    _trace.Crossings(),
                    [.. _events],
                    [.. _api],
                    timerId,
                    ffRan,
                    failure,
                    clock.ElapsedMilliseconds)
                {
                    Trace = _trace.Events,
                    EventLatenciesMs = [.. latencies],
                    FreedInTime = freedInTime,
                    FreedAtEnd = AllRemovedFreed(),
                    LoopThreadStopped = stopped,
                    Remote = RemoteOutcome(),
                    Masks = Masks(),
                };
            }
        }

        private int AddWaker() => Guarded(() => loop.AddTimeout(0, static (_, _) => { }, null, null));

        private int Guarded(Func<int> call)
        {
            try
            {
                return call();
            }
            catch (Exception e)
            {
                Error($"{e.GetType().Name} from the loop while stopping it: {e.Message}");
                return -1;
            }
        }

        private void RunLoop(TimeSpan wait, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    _trace.Iteration(() => loop.RunOnce(wait));
                }
                catch (Exception e)
                {
                    lock (_gate)
                    {
                        _errors.Add($"{e.GetType().Name} from RunOnce on the loop thread: {e.Message}");
                    }

                    return;
                }
            }
        }

        private bool Pump(Func<bool> done, RealLibvirtOptions options, bool threaded)
        {
            var until = Stopwatch.StartNew();
            RunDueFfs();
            while (!Done(done))
            {
                RunDueFfs();
                if (until.Elapsed > options.Deadline)
                {
                    return false;
                }

                if (threaded)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    _trace.Iteration(() => loop.RunOnce(options.IterationWait));
                }
            }

            return true;
        }

        private bool Done(Func<bool> done)
        {
            lock (_gate)
            {
                return done();
            }
        }

        /// <summary>The Seq of the last event recorded.</summary>
        private int CurrentSeq() => _trace.Count - 1;

        private bool HasEventAfter(int seq, int type) => _events.Any(e => e.Seq > seq && e.Type == type);

        private int EventTimerId() =>
            _trace.Crossings().FirstOrDefault(c => c.Kind == LoopCallKind.AddTimeout && c.HasFf && c.Return > 0)?.Return ?? 0;

        private bool AllRemovedFreed() => _awaitingFree.All(n => n.Freed);

        private bool TimerFfRan(int timer) => timer > 0 && _trace.Crossings().Any(c => c.Kind == LoopCallKind.TimeoutFreeCallback && c.Id == timer);
    }
}
