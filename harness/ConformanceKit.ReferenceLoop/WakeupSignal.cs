using ConformanceKit.Native;

namespace ConformanceKit.Reference;

/// <summary>The eventfd that another thread writes to end a blocked epoll_wait (THREAD-2).
/// It stays readable until drained, so a signal sent just before the wait starts is not lost.</summary>
internal sealed class WakeupSignal
{
    private bool _closed;

    public WakeupSignal() => Handle = Fd.EventFd();

    /// <summary>The eventfd itself, registered in the loop's epoll set.</summary>
    public int Handle { get; }

    public void Signal() => Fd.Signal(Handle);

    public void Drain() => Fd.Drain(Handle);

    public void Close()
    {
        if (!_closed)
        {
            _closed = true;
            Fd.Close(Handle);
        }
    }
}
