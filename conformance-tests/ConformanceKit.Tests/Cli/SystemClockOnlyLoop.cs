using ConformanceKit.Reference;

namespace ConformanceKit.Tests.Cli;

/// <summary>A correct loop with no TimeProvider constructor: it keeps time by the system clock, so
/// the harness can only run it on the real clock (as libvirt's own loops).</summary>
public sealed class SystemClockOnlyLoop : EventImpl
{
    private readonly ReferenceEventLoop _inner = new();

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) => _inner.AddHandle(fd, events, callback, opaque, ff);

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
