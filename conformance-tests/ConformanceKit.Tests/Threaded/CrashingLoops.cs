using ConformanceKit.Reference;

namespace ConformanceKit.Tests.Threaded;

/// <summary>The reference loop, except that the first handle callback it dispatches kills the
/// process with <see cref="Environment.FailFast(string)"/>: only isolation survives it.</summary>
public sealed class FailFastInCallbackLoop(TimeProvider time) : EventImpl
{
    private readonly ReferenceEventLoop _inner = new(time);

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        _inner.AddHandle(fd, events, (_, _, _, _) => Environment.FailFast("FailFastInCallbackLoop: crash on purpose"), opaque, ff);

    public override void UpdateHandle(int watch, HandleEvents events) => _inner.UpdateHandle(watch, events);

    public override int RemoveHandle(int watch) => _inner.RemoveHandle(watch);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) => _inner.AddTimeout(frequency, callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => _inner.UpdateTimeout(timer, frequency);

    public override int RemoveTimeout(int timer) => _inner.RemoveTimeout(timer);

    public override void RunOnce(TimeSpan maxWait) => _inner.RunOnce(maxWait);

    public override void Dispose()
    {
        _inner.Dispose();
        base.Dispose();
    }
}

/// <summary>A loop whose RunOnce never returns (and does not spin).</summary>
public sealed class NeverReturnsLoop(TimeProvider time) : EventImpl
{
    private readonly ReferenceEventLoop _inner = new(time);

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) => _inner.AddHandle(fd, events, callback, opaque, ff);

    public override void UpdateHandle(int watch, HandleEvents events) => _inner.UpdateHandle(watch, events);

    public override int RemoveHandle(int watch) => _inner.RemoveHandle(watch);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) => _inner.AddTimeout(frequency, callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => _inner.UpdateTimeout(timer, frequency);

    public override int RemoveTimeout(int timer) => _inner.RemoveTimeout(timer);

    public override void RunOnce(TimeSpan maxWait) => new ManualResetEventSlim().Wait();
}
