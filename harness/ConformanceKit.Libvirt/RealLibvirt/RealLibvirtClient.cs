using System.Diagnostics;
using System.Runtime.InteropServices;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Libvirt.Interop;

namespace ConformanceKit.Libvirt;

/// <summary>Real libvirt as the client of a C# <see cref="EventImpl"/>: registers the loop with
/// <c>virEventRegisterImpl</c> (six C function pointers into C#), opens <c>test:///default</c>,
/// registers a domain lifecycle callback, suspends, resumes, destroys and starts the domain
/// "test", deregisters, closes, and records every call libvirt made into the loop and every
/// callback and ff the loop made back. With <see cref="RealLibvirtOptions.Remote"/>, the same over
/// a remote connection to a <see cref="PrivateDaemon"/> (RealLibvirtClient.Remote.cs).</summary>
/// <remarks>
/// <para>Once per process, libvirt takes the six functions; every later run in the same process
/// routes them to that run's loop (runs may not overlap). The first run refuses to start if this
/// process already registered libvirt's own loop or libvirt-glib's, and checks with a probe call
/// that libvirt really routes <c>virEvent*</c> to these functions.</para>
/// <para>What libvirt's callbacks and ffs receive is exactly what it passed to add: the loop sees a
/// <c>HandleCallback</c>/<c>TimeoutCallback</c> that calls the C function pointer, an opaque object
/// that stands for libvirt's <c>void *</c>, and a <c>FreeCallback</c> that calls libvirt's ff, or
/// null when libvirt passed none.</para>
/// </remarks>
public static unsafe partial class RealLibvirtClient
{
    /// <summary>The owner name used with <see cref="EventImplRegistration"/>.</summary>
    public const string RegistrationName = "real-libvirt-client";

    private static readonly Lock RunGate = new();
    private static Session? s_session;
    private static bool s_probing;
    private static bool s_probeHit;

    /// <summary>Runs the whole scenario with <paramref name="loop"/>; never throws for a libvirt or
    /// loop failure, which is reported in <see cref="RealLibvirtRun.Failure"/>.</summary>
    /// <exception cref="InvalidOperationException">libvirt cannot be loaded, or another loop is
    /// registered with libvirt in this process.</exception>
    public static RealLibvirtRun Run(EventImpl loop, RealLibvirtOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        options ??= RealLibvirtOptions.Default;
        LibvirtAvailability.Require();
        lock (RunGate)
        {
            EventImplRegistration.Claim(RegistrationName, Register);
            PrivateDaemon? daemon;
            try
            {
                daemon = options.Remote is null ? null : PrivateDaemon.Start();
            }
            catch (DaemonUnavailableException e)
            {
                return RealLibvirtRun.NotRun(loop, options, e.Message);
            }

            using (daemon)
            {
                var session = new Session(loop, daemon);
                Volatile.Write(ref s_session, session);
                try
                {
                    return session.Drive(options);
                }
                finally
                {
                    Volatile.Write(ref s_session, null);
                }
            }
        }
    }

    /// <summary>Calls <c>virEventRegisterImpl</c> with the six functions without claiming the
    /// process first, and reports whether libvirt now routes <c>virEvent*</c> to them (a probe
    /// <c>virEventRemoveTimeout</c>). For checking that libvirt keeps an earlier registration.</summary>
    internal static bool RegisterAndProbe()
    {
        Virt.Quiet();
        Virt.EventRegisterImpl(&AddHandle, &UpdateHandle, &RemoveHandle, &AddTimeout, &UpdateTimeout, &RemoveTimeout);
        s_probeHit = false;
        s_probing = true;
        try
        {
            Virt.EventRemoveTimeout(int.MaxValue);
        }
        finally
        {
            s_probing = false;
        }

        return s_probeHit;
    }

    private static void Register()
    {
        if (!RegisterAndProbe())
        {
            throw new InvalidOperationException(
                "libvirt kept an event-loop implementation registered earlier in this process; run RealLibvirtClient in a child process of its own");
        }
    }

    [UnmanagedCallersOnly]
    private static int AddHandle(int fd, int events, nint cb, nint opaque, nint ff) =>
        Volatile.Read(ref s_session)?.AddHandle(fd, events, cb, opaque, ff) ?? -1;

    [UnmanagedCallersOnly]
    private static void UpdateHandle(int watch, int events) => Volatile.Read(ref s_session)?.UpdateHandle(watch, events);

    [UnmanagedCallersOnly]
    private static int RemoveHandle(int watch) => Volatile.Read(ref s_session)?.RemoveHandle(watch) ?? -1;

    [UnmanagedCallersOnly]
    private static int AddTimeout(int frequency, nint cb, nint opaque, nint ff) =>
        Volatile.Read(ref s_session)?.AddTimeout(frequency, cb, opaque, ff) ?? -1;

    [UnmanagedCallersOnly]
    private static void UpdateTimeout(int timer, int frequency) => Volatile.Read(ref s_session)?.UpdateTimeout(timer, frequency);

    [UnmanagedCallersOnly]
    private static int RemoveTimeout(int timer)
    {
        if (s_probing)
        {
            s_probeHit = true;
            return -1;
        }

        return Volatile.Read(ref s_session)?.RemoveTimeout(timer) ?? -1;
    }

    [UnmanagedCallersOnly]
    private static int Lifecycle(nint conn, nint dom, int type, int detail, nint opaque)
    {
        Volatile.Read(ref s_session)?.OnLifecycle(dom, type, detail);
        return 0;
    }

    /// <summary>libvirt's side of one registration: its callback, opaque and ff, and the key the
    /// trace knows it by.</summary>
    private sealed class NativeOpaque(nint cb, nint opaque, nint ff, bool timer, int regKey)
    {
        public int RegKey { get; } = regKey;

        // What libvirt knows of this registration, as bits changed atomically: the loop's
        // callbacks and ff may come on any thread, and a broken loop may call ff twice at once.
        private const int Added = 1, Removed = 2, FfAsked = 4, FfRan = 8, AddFailed = 16;
        private int _state;

        /// <summary>libvirt's ff has run: its opaque may be gone, so libvirt is never called with it again.</summary>
        public bool Freed => (Volatile.Read(ref _state) & FfRan) != 0;

        /// <summary>libvirt may still hold this registration: its add has not failed (an id below 0,
        /// libvirt's own test), its remove has not returned 0, and its ff has not run. Only then may
        /// libvirt's callback be called (a callback may come while add is still returning).</summary>
        public bool CallbacksAllowed => (Volatile.Read(ref _state) & (AddFailed | Removed | FfRan)) == 0;

        public void MarkAdded() => Interlocked.Or(ref _state, Added);

        public void MarkAddFailed() => Interlocked.Or(ref _state, AddFailed);

        /// <summary>remove returned 0. True when libvirt's ff is to run now (the loop asked for it
        /// already, from inside the remove or earlier).</summary>
        public bool MarkRemoved() => Set(Removed);

        /// <summary>The loop called the ff. True when libvirt's ff is to run now: the first time,
        /// and only for a registration libvirt added and removed. An ff the loop calls too early is
        /// run for libvirt once remove has returned; one libvirt never asked for is never run.</summary>
        public bool MarkFfAsked() => Set(FfAsked);

        private bool Set(int bit)
        {
            int now = Interlocked.Or(ref _state, bit) | bit;
            return (now & (Added | Removed | FfAsked)) == (Added | Removed | FfAsked)
                && (Interlocked.Or(ref _state, FfRan) & FfRan) == 0;
        }

        public nint Cb { get; } = cb;

        public nint Opaque { get; } = opaque;

        public nint Ff { get; } = ff;

        public bool Timer { get; } = timer;

        public int Id { get; set; }

        /// <summary>For a watch: the mask libvirt last set, and the iteration under way when it did
        /// (see RealLibvirtClient.Masks.cs).</summary>
        public (HandleEvents Mask, int Iteration) MaskSet { get; set; }

        public override string ToString() => $"libvirt opaque 0x{Opaque:x}";
    }

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
        private readonly List<LoopCall> _calls = [];
        private readonly List<LifecycleEvent> _events = [];
        private readonly List<ApiCall> _api = [];
        private readonly List<string> _errors = [];
        private readonly NativeTrace _trace = new();
        private readonly Dictionary<int, NativeOpaque> _liveWatches = [];
        private readonly Dictionary<int, NativeOpaque> _liveTimers = [];
        private readonly List<NativeOpaque> _awaitingFree = [];
        private readonly List<NativeOpaque> _ffsDue = [];
        private int _seq;

        public int AddHandle(int fd, int events, nint cb, nint opaque, nint ff)
        {
            var native = new NativeOpaque(cb, opaque, ff, timer: false, _trace.NewKey());
            int at = Begin(LoopCallKind.AddHandle, 0, fd, events, ff != 0);
            int id = Traced(CallKind.AddHandle, native.RegKey, 0, events, ff != 0, _trace.SlotOf(fd), "add_handle",
                () => loop.AddHandle(fd, (HandleEvents)events, (w, f, e, o) => OnHandle(native, w, f, e, o), native, ff != 0 ? o => OnFree(native, o) : null));
            native.Id = id;
            if (id >= 0)
            {
                _trace.WatchAdded(native.RegKey, _trace.KnownSlotOf(fd));
                native.MaskSet = ((HandleEvents)events, _trace.Iterations);
            }

            Live(_liveWatches, id, native);
            End(at, id, id);
            return id;
        }

        public void UpdateHandle(int watch, int events)
        {
            Begin(LoopCallKind.UpdateHandle, watch, 0, events, false);
            Traced(CallKind.UpdateHandle, KeyOf(_liveWatches, watch), watch, events, true, -1, "update_handle", () => { loop.UpdateHandle(watch, (HandleEvents)events); return 0; });
            MaskUpdated(watch, (HandleEvents)events);
        }

        public int RemoveHandle(int watch)
        {
            int at = Begin(LoopCallKind.RemoveHandle, watch, 0, 0, false);
            int rc = Traced(CallKind.RemoveHandle, KeyOf(_liveWatches, watch), watch, 0, true, -1, "remove_handle", () => loop.RemoveHandle(watch));
            if (rc == 0)
            {
                _trace.WatchRemoved(KeyOf(_liveWatches, watch));
            }

            Removed(_liveWatches, watch, rc);
            End(at, watch, rc);
            return rc;
        }

        public int AddTimeout(int frequency, nint cb, nint opaque, nint ff)
        {
            var native = new NativeOpaque(cb, opaque, ff, timer: true, _trace.NewKey());
            int at = Begin(LoopCallKind.AddTimeout, 0, 0, frequency, ff != 0);
            int id = Traced(CallKind.AddTimeout, native.RegKey, 0, frequency, ff != 0, -1, "add_timeout",
                () => loop.AddTimeout(frequency, (t, o) => OnTimeout(native, t, o), native, ff != 0 ? o => OnFree(native, o) : null));
            native.Id = id;
            Live(_liveTimers, id, native);
            End(at, id, id);
            return id;
        }

        public void UpdateTimeout(int timer, int frequency)
        {
            Begin(LoopCallKind.UpdateTimeout, timer, 0, frequency, false);
            Traced(CallKind.UpdateTimeout, KeyOf(_liveTimers, timer), timer, frequency, true, -1, "update_timeout", () => { loop.UpdateTimeout(timer, frequency); return 0; });
        }

        public int RemoveTimeout(int timer)
        {
            int at = Begin(LoopCallKind.RemoveTimeout, timer, 0, 0, false);
            int rc = Traced(CallKind.RemoveTimeout, KeyOf(_liveTimers, timer), timer, 0, true, -1, "remove_timeout", () => loop.RemoveTimeout(timer));
            Removed(_liveTimers, timer, rc);
            End(at, timer, rc);
            return rc;
        }

        public void OnLifecycle(nint dom, int type, int detail)
        {
            string name = Marshal.PtrToStringUTF8(Virt.DomainGetName(dom)) ?? "?";
            lock (_gate)
            {
                _events.Add(new LifecycleEvent(++_seq, type, detail, name));
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
                    [.. _calls],
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

        private int CurrentSeq()
        {
            lock (_gate)
            {
                return _seq;
            }
        }

        private bool HasEventAfter(int seq, int type) => _events.Any(e => e.Seq > seq && e.Type == type);

        private int EventTimerId()
        {
            lock (_gate)
            {
                return _calls.FirstOrDefault(c => c.Kind == LoopCallKind.AddTimeout && c.HasFf && c.Return > 0)?.Return ?? 0;
            }
        }

        private bool AllRemovedFreed() => _awaitingFree.All(n => n.Freed);

        private bool TimerFfRan(int timer) => timer > 0 && _calls.Any(c => c.Kind == LoopCallKind.TimeoutFreeCallback && c.Id == timer);

        /// <summary>The loop called a registration's handle callback. libvirt's callback gets the
        /// registration's own opaque whatever the loop passed (a wrong one is in the trace for
        /// HANDLE-7), and is never called once libvirt's ff has freed that opaque (FREE-1 judges the
        /// call from the trace): a broken loop is convicted, libvirt is not crashed by it.</summary>
        private void OnHandle(NativeOpaque native, int watch, int fd, HandleEvents events, object? opaque)
        {
            Begin(LoopCallKind.HandleCallback, watch, fd, (int)events, false);
            NoteAfterKill(fd, events);
            CheckMask(native, events);
            _trace.Handle(native.RegKey, watch, _trace.KnownSlotOf(fd), events, OpaqueOf(opaque), () =>
            {
                if (native.CallbacksAllowed && !_ended)
                {
                    InCallback(() => ((delegate* unmanaged<int, int, int, nint, void>)native.Cb)(watch, fd, (int)events, native.Opaque));
                }
            });
        }

        private void OnTimeout(NativeOpaque native, int timer, object? opaque)
        {
            Begin(LoopCallKind.TimeoutCallback, timer, 0, 0, false);
            _trace.Timer(native.RegKey, timer, OpaqueOf(opaque), () =>
            {
                if (native.CallbacksAllowed && !_ended)
                {
                    InCallback(() => ((delegate* unmanaged<int, nint, void>)native.Cb)(timer, native.Opaque));
                }
            });
        }

        /// <summary>The loop called a registration's ff. libvirt's ff runs once, for a registration
        /// libvirt added and removed, never before remove returned (see <see cref="NativeOpaque.MarkFfAsked"/>):
        /// what the loop did wrong is in the trace for FREE-2/3/7 and IDS-7, and libvirt does not
        /// free twice or free what it still holds.</summary>
        private void OnFree(NativeOpaque native, object? opaque)
        {
            Begin(native.Timer ? LoopCallKind.TimeoutFreeCallback : LoopCallKind.HandleFreeCallback, native.Id, 0, 0, false);
            _trace.Free(native.RegKey, OpaqueOf(opaque), () =>
            {
                if (!native.MarkFfAsked() || _ended)
                {
                    return;
                }

                if (t_inCall > 0 || t_depth > 0)
                {
                    // Inside one of the six calls, or inside one of libvirt's callbacks: libvirt may
                    // hold the lock its ff takes. Run it from the client's top level instead.
                    lock (_gate)
                    {
                        _ffsDue.Add(native);
                    }
                }
                else
                {
                    RunLibvirtFf(native);
                }
            });
        }

        private static void RunLibvirtFf(NativeOpaque native) =>
            InCallback(() => ((delegate* unmanaged<nint, void>)native.Ff)(native.Opaque));

        private static int OpaqueOf(object? opaque) => opaque switch
        {
            null => 0,
            NativeOpaque n => n.RegKey,
            _ => -1,
        };

        private static void InCallback(Action call)
        {
            t_depth++;
            try
            {
                call();
            }
            finally
            {
                t_depth--;
            }
        }

        private int KeyOf(Dictionary<int, NativeOpaque> live, int id)
        {
            lock (_gate)
            {
                return live.TryGetValue(id, out var n) ? n.RegKey : 0;
            }
        }

        /// <summary>add returned: libvirt holds the registration when the id is >= 0 (its own test).</summary>
        private void Live(Dictionary<int, NativeOpaque> live, int id, NativeOpaque native)
        {
            if (id < 0)
            {
                native.MarkAddFailed();
                return;
            }

            native.MarkAdded();
            lock (_gate)
            {
                live[id] = native;
            }
        }

        private void Removed(Dictionary<int, NativeOpaque> live, int id, int rc)
        {
            NativeOpaque? native;
            lock (_gate)
            {
                if (rc != 0 || !live.Remove(id, out native) || native.Ff == 0)
                {
                    return;
                }

                _awaitingFree.Add(native);
            }

            if (native.MarkRemoved())
            {
                // The loop asked for it before its remove returned. Not now: this is still inside
                // libvirt's remove call, where libvirt may hold the lock its ff takes (FREE-3).
                lock (_gate)
                {
                    _ffsDue.Add(native);
                }
            }
        }

        /// <summary>Runs libvirt's ffs that were held back from inside a remove; called at the
        /// client's top level (after an API call, before an iteration).</summary>
        private void RunDueFfs()
        {
            List<NativeOpaque> due;
            lock (_gate)
            {
                if (_ffsDue.Count == 0)
                {
                    return;
                }

                due = [.. _ffsDue];
                _ffsDue.Clear();
            }

            due.ForEach(RunLibvirtFf);
        }

        /// <summary>Records a libvirt API call made by the client, so that the loop calls it caused
        /// sit between it and the next one.</summary>
        private T Api<T>(string function, Func<T> call)
            where T : struct
        {
            int at;
            _trace.Step(function);
            lock (_gate)
            {
                _api.Add(new ApiCall(++_seq, function, null));
                at = _api.Count - 1;
            }

            T result = call();
            RunDueFfs();
            lock (_gate)
            {
                _api[at] = _api[at] with { Result = result is nint p ? (p == 0 ? 0 : 1) : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture) };
            }

            return result;
        }

        private int Begin(LoopCallKind kind, int id, int fd, int value, bool hasFf)
        {
            lock (_gate)
            {
                _calls.Add(new LoopCall(++_seq, kind, id, fd, value, hasFf, null, t_depth > 0, Environment.CurrentManagedThreadId));
                return _calls.Count - 1;
            }
        }

        private void End(int at, int id, int result)
        {
            lock (_gate)
            {
                _calls[at] = _calls[at] with { Id = Math.Max(id, 0), Return = result };
            }
        }

        /// <summary>Makes one of the six calls into the loop, recorded in the trace; an exception
        /// from the loop is recorded there and as an error, and becomes -1 (or 0 for update).</summary>
        private int Traced(CallKind call, int regKey, int id, int arg, bool hasFf, int slot, string what, Func<int> body)
        {
            _trace.CallStarted(call, regKey, id, arg, hasFf, slot);
            int result = -1;
            string? exception = null;
            t_inCall++;
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                exception = e.GetType().Name;
                Error($"{what} threw {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                t_inCall--;
            }

            _trace.CallEnded(call, regKey, id, result, exception);
            return result;
        }

        private void Error(string message)
        {
            lock (_gate)
            {
                _errors.Add(message);
            }
        }
    }

    private sealed class StepFailed(string message) : Exception(message);
}
