using ConformanceKit.Libvirt.Interop;
using ConformanceKit.Libvirt.Loops;

namespace ConformanceKit.Libvirt;

/// <summary>libvirt's own default event loop (<c>virEventRegisterDefaultImpl</c>; in libvirt 9.0.0
/// the GLib-based one on the default GMainContext) as an <see cref="EventImpl"/>, driven through
/// libvirt's exported <c>virEventAddHandle</c>, <c>virEventUpdateHandle</c>,
/// <c>virEventRemoveHandle</c>, <c>virEventAddTimeout</c>, <c>virEventUpdateTimeout</c>,
/// <c>virEventRemoveTimeout</c>, one iteration being <c>virEventRunDefaultImpl</c>.</summary>
/// <remarks>
/// <para>Real clock only (parameterless constructor). Ids, return values, event bits and the
/// moment each callback and ff runs are libvirt's; the adapter adds nothing but the translation
/// of C function pointers into C# delegates (callbacks are <c>[UnmanagedCallersOnly]</c> thunks,
/// opaques are GCHandles, freed in the native ff).</para>
/// <para>One per process: libvirt keeps the first event-loop implementation registered in a
/// process. A second instance in the same process reuses the registration (both then share one
/// loop: either's RunOnce dispatches both's registrations); a <see cref="LibvirtGlibLoop"/> or a
/// <see cref="RealLibvirtClient"/> in the same process is refused. The harness runs each native
/// certification in a child process of its own.</para>
/// <para>The adapter's own timer: <c>virEventRunDefaultImpl</c> blocks until something happens and
/// has no timeout, so to honour "never blocks longer than maxWait" the adapter keeps a libvirt
/// timer of its own, armed at maxWait (milliseconds, rounded down) before each iteration and
/// disabled for <see cref="Timeout.InfiniteTimeSpan"/>; a zero wait is handled differently, see
/// <see cref="RunOnce"/>. The timer is created in the constructor, so in a fresh process it takes
/// timer id 1 and the user's timers count from 2. Its fires and its ff never reach the user;
/// update or remove of its id by the user changes nothing (remove answers -1).</para>
/// </remarks>
public sealed class LibvirtDefaultLoop : EventImpl, ILoopDispatch
{
    /// <summary>The spec the harness uses for this loop.</summary>
    public const string Spec = "libvirt:default";

    /// <summary>What the own timer is armed at for a zero wait (see <see cref="RunOnce"/>).</summary>
    private const int ZeroWaitSafetyNetMs = 5;

    private readonly VirEventClient _client;
    private readonly int _privateTimer;
    private int _privateFrequency = -1;

    /// <summary>Registers libvirt's default loop (once per process) and the adapter's own timer.</summary>
    /// <exception cref="InvalidOperationException">libvirt cannot be loaded, refused the
    /// registration, or another kind of loop is registered in this process.</exception>
    public LibvirtDefaultLoop()
    {
        LibvirtAvailability.Require();
        EventImplRegistration.Claim(Spec, static () =>
        {
            Virt.Quiet();
            int rc = Virt.EventRegisterDefaultImpl();
            if (rc != 0)
            {
                throw new InvalidOperationException($"virEventRegisterDefaultImpl returned {rc}: {Virt.LastError()}");
            }
        });
        _client = new VirEventClient(this);
        _privateTimer = _client.AddPrivateTimer(-1, () => PrivateFires++);
        if (_privateTimer <= 0)
        {
            throw new InvalidOperationException($"virEventAddTimeout refused the adapter's own timer ({_privateTimer})");
        }
    }

    /// <summary>How often the adapter's own timer fired (diagnostics).</summary>
    public int PrivateFires { get; private set; }

    /// <summary>The libvirt timer id of the adapter's own timer (diagnostics).</summary>
    public int PrivateTimerId => _privateTimer;

    /// <inheritdoc/>
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        _client.AddHandle(fd, events, callback, opaque, ff);

    /// <inheritdoc/>
    public override void UpdateHandle(int watch, HandleEvents events) => _client.UpdateHandle(watch, events);

    /// <inheritdoc/>
    public override int RemoveHandle(int watch) => _client.RemoveHandle(watch);

    /// <inheritdoc/>
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        _client.AddTimeout(frequency, callback, opaque, ff);

    /// <inheritdoc/>
    public override void UpdateTimeout(int timer, int frequency) => _client.UpdateTimeout(timer, frequency);

    /// <inheritdoc/>
    public override int RemoveTimeout(int timer) => _client.RemoveTimeout(timer);

    /// <summary>One <c>virEventRunDefaultImpl</c>, bounded by the adapter's own timer.</summary>
    /// <param name="maxWait">N ms: the own timer is armed at N (re-armed each call, so the wait
    /// restarts now) and the iteration returns at the latest when it fires (plus GLib's wake-up
    /// latency, about 0.1 ms here). <see cref="Timeout.InfiniteTimeSpan"/>: the own timer is
    /// disabled and the iteration waits for the next event, which a change from another thread
    /// provides (THREAD-2: libvirt's GLib loop wakes its context when a source is attached or
    /// destroyed from another thread). <see cref="TimeSpan.Zero"/> (and anything under 1 ms): see
    /// remarks.</param>
    /// <remarks>
    /// <para>A zero wait does not arm the own timer at frequency 0. libvirt 9.0.0's loop runs every
    /// ff from a GLib idle source (G_PRIORITY_DEFAULT_IDLE), and GLib dispatches idle sources only in
    /// iterations where no default-priority source was ready when the iteration began; an own timer
    /// at 0 is ready in every iteration, so ffs would never run under <c>RunOnce(TimeSpan.Zero)</c>
    /// stepping (measured: the ff of a timer that removed itself never ran in 10 iterations). That
    /// would convict libvirt of FREE-2/FREE-6 for the adapter's fault. Instead: if GLib reports
    /// nothing ready on the default context (<c>g_main_context_pending</c>), RunOnce returns without
    /// iterating; otherwise the own timer is re-armed at 5 ms, which is not due when the iteration
    /// begins (so it starves nothing) and bounds the wait should another thread make the ready
    /// source unready in between, and one <c>virEventRunDefaultImpl</c> runs.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Negative and not infinite.</exception>
    public override void RunOnce(TimeSpan maxWait)
    {
        if (maxWait < TimeSpan.Zero && maxWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWait), maxWait, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }

        if (_client.IsDisposed)
        {
            return;
        }

        int ms = maxWait == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Floor(maxWait.TotalMilliseconds));
        if (ms == 0)
        {
            if (GLib.MainContextPending(0) == 0)
            {
                return; // nothing is ready or due: the iteration would only block
            }

            ms = ZeroWaitSafetyNetMs;
        }

        if (ms > 0 || ms != _privateFrequency)
        {
            _client.UpdatePrivateTimer(ms);
            _privateFrequency = ms;
        }

        Virt.EventRunDefaultImpl();
        _client.RethrowPending();
    }

    /// <summary>Mutes this instance and removes its live registrations from libvirt's loop; their
    /// ffs are not called (LIFE-1). libvirt's loop itself stays registered for the process, so
    /// what the removals left pending is run off here (see remarks).</summary>
    /// <remarks>libvirt 9.0.0 runs a removed watch's ff from a G_PRIORITY_HIGH idle source, and GLib
    /// then dispatches that source alone in its iteration. Left pending, the muted ffs of this
    /// instance would take the first iteration of the next instance in the same process: its
    /// watches, ready from the start, were not called back there (measured: the named case
    /// HANDLE-5/eventtest-last-handle-keeps-firing failed HANDLE-1 for being two iterations late,
    /// one of them this instance's leftovers). Each instance must meet libvirt's loop as a fresh
    /// process would.</remarks>
    public override void Dispose()
    {
        _client.Dispose();
        for (int i = 0; i < MaxDrainIterations && GLib.MainContextPending(0) != 0; i++)
        {
            Virt.EventRunDefaultImpl(); // something is ready, so this does not block
        }

        base.Dispose();
    }

    /// <summary>Enough iterations to run every ff and source release one instance can leave.</summary>
    private const int MaxDrainIterations = 64;

    void ILoopDispatch.DispatchHandle(int watch, int fd, HandleEvents events, HandleCallback callback, object? opaque) =>
        RunHandleCallback(watch, fd, events, callback, opaque);

    void ILoopDispatch.DispatchTimeout(int timer, TimeoutCallback callback, object? opaque) =>
        RunTimeoutCallback(timer, callback, opaque);

    void ILoopDispatch.DispatchFree(FreeCallback? ff, object? opaque) => FreeCallbackOpaque(ff, opaque);
}
