using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ConformanceKit.Libvirt.Interop;
using ConformanceKit.Libvirt.Loops;

namespace ConformanceKit.Libvirt;

/// <summary>libvirt-glib's event loop (<c>gvir_event_register</c> from libvirt-glib-1.0.so.0, which
/// registers GMain-based implementations with libvirt) as an <see cref="EventImpl"/>, driven through
/// libvirt's exported <c>virEvent*</c> functions (which then go to libvirt-glib), one iteration
/// being <c>g_main_context_iteration(NULL, may_block)</c>.</summary>
/// <remarks>
/// <para>Real clock only (parameterless constructor). Ids, return values, event bits and the
/// moment each callback and ff runs are libvirt-glib's; callbacks are <c>[UnmanagedCallersOnly]</c>
/// thunks, opaques are GCHandles, freed in the native ff.</para>
/// <para>One per process, like <see cref="LibvirtDefaultLoop"/>: libvirt keeps the first
/// implementation registered in a process, so this loop and libvirt's default loop cannot share a
/// process. A second instance in the same process reuses the registration (and shares the loop).
/// The harness runs each native certification in a child process of its own.</para>
/// <para>Bounding the wait needs no libvirt timer here: a GLib timeout source of the adapter's own
/// (<c>g_timeout_add</c>) is attached for the iteration and removed after it, so libvirt-glib's
/// timer ids are exactly what the user's adds produced.</para>
/// </remarks>
public sealed unsafe class LibvirtGlibLoop : EventImpl, ILoopDispatch
{
    /// <summary>The spec the harness uses for this loop.</summary>
    public const string Spec = "libvirt-glib";

    private readonly VirEventClient _client;

    /// <summary>Registers libvirt-glib's loop with libvirt (once per process).</summary>
    /// <exception cref="InvalidOperationException">libvirt or libvirt-glib cannot be loaded, or
    /// another kind of loop is registered in this process.</exception>
    public LibvirtGlibLoop()
    {
        LibvirtAvailability.Require(needLibvirtGlib: true);
        EventImplRegistration.Claim(Spec, static () =>
        {
            Virt.Quiet();
            Virt.Initialize();
            VirGlib.EventRegister();
        });
        _client = new VirEventClient(this);
    }

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

    /// <summary>One <c>g_main_context_iteration</c> of the default context.</summary>
    /// <param name="maxWait"><see cref="TimeSpan.Zero"/> (and anything under 1 ms): may_block =
    /// FALSE. N ms: may_block = TRUE with a GLib timeout source of the adapter's own at N ms, removed
    /// afterwards if it did not fire. <see cref="Timeout.InfiniteTimeSpan"/>: may_block = TRUE alone;
    /// a source attached or destroyed from another thread wakes the context (THREAD-2).</param>
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
            GLib.MainContextIteration(0, 0);
        }
        else if (ms < 0)
        {
            GLib.MainContextIteration(0, 1);
        }
        else
        {
            var fired = new StrongBox<bool>();
            GCHandle box = GCHandle.Alloc(fired);
            try
            {
                uint tag = GLib.TimeoutAdd((uint)ms, &BoundFired, GCHandle.ToIntPtr(box));
                GLib.MainContextIteration(0, 1);
                if (!fired.Value)
                {
                    GLib.SourceRemove(tag);
                }
            }
            finally
            {
                box.Free();
            }
        }

        _client.RethrowPending();
    }

    /// <summary>Mutes this instance and removes its live registrations from libvirt-glib's loop;
    /// their ffs are not called (LIFE-1). The registration with libvirt stays for the process.</summary>
    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    void ILoopDispatch.DispatchHandle(int watch, int fd, HandleEvents events, HandleCallback callback, object? opaque) =>
        RunHandleCallback(watch, fd, events, callback, opaque);

    void ILoopDispatch.DispatchTimeout(int timer, TimeoutCallback callback, object? opaque) =>
        RunTimeoutCallback(timer, callback, opaque);

    void ILoopDispatch.DispatchFree(FreeCallback? ff, object? opaque) => FreeCallbackOpaque(ff, opaque);

    /// <summary>The adapter's own bounding source fired: mark it and let GLib drop it.</summary>
    [UnmanagedCallersOnly]
    private static int BoundFired(nint data)
    {
        if (GCHandle.FromIntPtr(data).Target is StrongBox<bool> box)
        {
            box.Value = true;
        }

        return 0;
    }
}
