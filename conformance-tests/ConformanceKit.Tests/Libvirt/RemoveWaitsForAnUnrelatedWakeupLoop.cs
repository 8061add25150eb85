using System.Collections.Concurrent;
using ConformanceKit.Reference;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>A loop that breaks THREAD-2 for removals only: a remove_timeout made on another thread
/// while the loop runs is acted on only when the loop next wakes for some other reason, so the ff of
/// the removed timer waits for an unrelated event. Everything else is the reference loop's.
/// Loaded by the tool as <c>assembly:ConformanceKit.Tests.dll:ConformanceKit.Tests.Libvirt.RemoveWaitsForAnUnrelatedWakeupLoop</c>.</summary>
public sealed class RemoveWaitsForAnUnrelatedWakeupLoop(TimeProvider time) : EventImpl
{
    private readonly ReferenceEventLoop _inner = new(time);
    private readonly ConcurrentQueue<int> _pending = new();
    private volatile int _loopThread;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        _inner.AddHandle(fd, events, callback, opaque, ff);

    public override void UpdateHandle(int watch, HandleEvents events) => _inner.UpdateHandle(watch, events);

    public override int RemoveHandle(int watch) => _inner.RemoveHandle(watch);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        _inner.AddTimeout(frequency, callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => _inner.UpdateTimeout(timer, frequency);

    public override int RemoveTimeout(int timer)
    {
        if (_loopThread == 0 || Environment.CurrentManagedThreadId == _loopThread)
        {
            return _inner.RemoveTimeout(timer);
        }

        _pending.Enqueue(timer); // the bug: no wake-up; done when the loop next wakes anyway
        return 0;
    }

    public override void RunOnce(TimeSpan maxWait)
    {
        _loopThread = Environment.CurrentManagedThreadId;
        _inner.RunOnce(maxWait);
        bool removed = false;
        while (_pending.TryDequeue(out int timer))
        {
            removed |= _inner.RemoveTimeout(timer) == 0;
        }

        if (removed)
        {
            _inner.RunOnce(TimeSpan.Zero); // runs their ffs
        }
    }

    public override void Dispose() => _inner.Dispose();
}
