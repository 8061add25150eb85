using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using ConformanceKit.Libvirt.Interop;

namespace ConformanceKit.Libvirt.Loops;

/// <summary>How libvirt's own loops call back into the adapter that owns a registration.</summary>
internal interface ILoopDispatch
{
    void DispatchHandle(int watch, int fd, HandleEvents events, HandleCallback callback, object? opaque);

    void DispatchTimeout(int timer, TimeoutCallback callback, object? opaque);

    void DispatchFree(FreeCallback? ff, object? opaque);
}

/// <summary>The six functions of whatever loop libvirt has registered in this process, called
/// through libvirt's exported <c>virEventAddHandle</c> &amp; co., with C function pointers into C#
/// for callbacks and free callbacks.</summary>
/// <remarks>
/// <para>Ids and return values are libvirt's, passed through unchanged. A native ff is always
/// passed (it frees the GCHandle behind the opaque); it calls the C# ff only when there is one.</para>
/// <para>An exception thrown by a C# callback must not cross the native frames of libvirt's loop,
/// so the thunk catches it, lets the iteration finish, and <see cref="RethrowPending"/> throws the
/// first one from RunOnce (LIFE-2: the exception reaches the caller after the iteration).</para>
/// <para>After <see cref="Dispose"/>, the live registrations are removed from libvirt's loop and
/// muted: no callback or ff of this client reaches C# again (LIFE-1: ff not called).</para>
/// </remarks>
internal sealed unsafe class VirEventClient : IDisposable
{
    private readonly ILoopDispatch _dispatch;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, NativeRegistration> _watches = [];
    private readonly Dictionary<int, NativeRegistration> _timers = [];
    private ExceptionDispatchInfo? _pending;
    private volatile bool _muted;
    private int _privateTimer = -1;

    public VirEventClient(ILoopDispatch dispatch) => _dispatch = dispatch;

    public bool IsDisposed => _muted;

    /// <summary>Adds the adapter's own timer (see <see cref="NativeRegistration.PrivateFired"/>).</summary>
    public int AddPrivateTimer(int frequency, Action fired)
    {
        var reg = new NativeRegistration { Owner = this, PrivateFired = fired };
        int id = AddTimeoutCore(reg, frequency);
        _privateTimer = id;
        return id;
    }

    public int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        if (_muted)
        {
            return -1;
        }

        var reg = new NativeRegistration { Owner = this, OnHandle = callback, Opaque = opaque, Ff = ff };
        reg.Handle = GCHandle.Alloc(reg);
        int id;
        lock (_gate)
        {
            id = Virt.EventAddHandle(fd, (int)events, &Thunks.Handle, GCHandle.ToIntPtr(reg.Handle), &Thunks.Free);
            if (id > 0)
            {
                reg.Id = id;
                _watches[id] = reg;
            }
        }

        if (id <= 0)
        {
            reg.Handle.Free();
        }

        return id;
    }

    public void UpdateHandle(int watch, HandleEvents events)
    {
        if (!_muted)
        {
            Virt.EventUpdateHandle(watch, (int)events);
        }
    }

    public int RemoveHandle(int watch)
    {
        if (_muted)
        {
            return -1;
        }

        int rc = Virt.EventRemoveHandle(watch);
        if (rc == 0)
        {
            lock (_gate)
            {
                _watches.Remove(watch);
            }
        }

        return rc;
    }

    public int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        _muted ? -1 : AddTimeoutCore(new NativeRegistration { Owner = this, OnTimeout = callback, Opaque = opaque, Ff = ff }, frequency);

    /// <summary>update_timeout; the adapter's own timer is not the user's to change.</summary>
    public void UpdateTimeout(int timer, int frequency)
    {
        if (!_muted && timer != _privateTimer)
        {
            Virt.EventUpdateTimeout(timer, frequency);
        }
    }

    /// <summary>Re-arms the adapter's own timer.</summary>
    public void UpdatePrivateTimer(int frequency) => Virt.EventUpdateTimeout(_privateTimer, frequency);

    /// <summary>remove_timeout; for the adapter's own timer's id this answers -1, as libvirt would
    /// for an id it never handed to this user.</summary>
    public int RemoveTimeout(int timer)
    {
        if (_muted || (timer == _privateTimer && _privateTimer > 0))
        {
            return -1;
        }

        int rc = Virt.EventRemoveTimeout(timer);
        if (rc == 0)
        {
            lock (_gate)
            {
                _timers.Remove(timer);
            }
        }

        return rc;
    }

    /// <summary>Throws the first exception a callback threw during the last iteration.</summary>
    public void RethrowPending()
    {
        ExceptionDispatchInfo? e = Interlocked.Exchange(ref _pending, null);
        e?.Throw();
    }

    public void Dispose()
    {
        if (_muted)
        {
            return;
        }

        _muted = true;
        List<int> watches, timers;
        lock (_gate)
        {
            watches = [.. _watches.Keys];
            timers = [.. _timers.Keys];
            _watches.Clear();
            _timers.Clear();
        }

        foreach (int w in watches)
        {
            Virt.EventRemoveHandle(w);
        }

        foreach (int t in timers)
        {
            Virt.EventRemoveTimeout(t);
        }
    }

    private int AddTimeoutCore(NativeRegistration reg, int frequency)
    {
        reg.Handle = GCHandle.Alloc(reg);
        int id;
        lock (_gate)
        {
            id = Virt.EventAddTimeout(frequency, &Thunks.Timeout, GCHandle.ToIntPtr(reg.Handle), &Thunks.Free);
            if (id > 0)
            {
                reg.Id = id;
                _timers[id] = reg;
            }
        }

        if (id <= 0)
        {
            reg.Handle.Free();
        }

        return id;
    }

    private void Capture(Exception e) => Interlocked.CompareExchange(ref _pending, ExceptionDispatchInfo.Capture(e), null);

    /// <summary>The C entry points libvirt's loops call.</summary>
    private static class Thunks
    {
        [UnmanagedCallersOnly]
        public static void Handle(int watch, int fd, int events, nint opaque)
        {
            if (GCHandle.FromIntPtr(opaque).Target is not NativeRegistration reg || reg.Owner._muted || reg.OnHandle is null)
            {
                return;
            }

            try
            {
                reg.Owner._dispatch.DispatchHandle(watch, fd, (HandleEvents)events, reg.OnHandle, reg.Opaque);
            }
            catch (Exception e)
            {
                reg.Owner.Capture(e);
            }
        }

        [UnmanagedCallersOnly]
        public static void Timeout(int timer, nint opaque)
        {
            if (GCHandle.FromIntPtr(opaque).Target is not NativeRegistration reg || reg.Owner._muted)
            {
                return;
            }

            try
            {
                if (reg.PrivateFired is not null)
                {
                    reg.PrivateFired();
                }
                else if (reg.OnTimeout is not null)
                {
                    reg.Owner._dispatch.DispatchTimeout(timer, reg.OnTimeout, reg.Opaque);
                }
            }
            catch (Exception e)
            {
                reg.Owner.Capture(e);
            }
        }

        [UnmanagedCallersOnly]
        public static void Free(nint opaque)
        {
            GCHandle handle = GCHandle.FromIntPtr(opaque);
            try
            {
                if (handle.Target is NativeRegistration reg && !reg.Owner._muted && reg.PrivateFired is null)
                {
                    reg.Owner._dispatch.DispatchFree(reg.Ff, reg.Opaque);
                }
            }
            catch (Exception e)
            {
                ((NativeRegistration)handle.Target!).Owner.Capture(e);
            }
            finally
            {
                handle.Free();
            }
        }
    }
}
