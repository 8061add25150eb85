using ConformanceKit.Reference;

namespace ConformanceKit.Tests.Engine;

/// <summary>A loop written here, not taken from the mutant catalogue, with one deliberate bug:
/// it reports the events of the fd but drops Error (as loops built on select readers do).</summary>
public sealed class DropsErrorLoop(TimeProvider time) : EventImpl
{
    private readonly ReferenceEventLoop _inner = new(time);

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        _inner.AddHandle(fd, events, (w, f, e, o) =>
        {
            if ((e & ~HandleEvents.Error) != HandleEvents.None)
            {
                callback(w, f, e & ~HandleEvents.Error, o);
            }
        }, opaque, ff);

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

/// <summary>A correct loop as a third party would ship it: public, TimeProvider constructor.</summary>
public sealed class ThirdPartyStyleLoop(TimeProvider time) : EventImpl
{
    private readonly ReferenceEventLoop _inner = new(time);

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

/// <summary>Not a loop at all: certify must refuse it with exit 2.</summary>
public sealed class NotALoop;

/// <summary>A loop without a usable constructor: certify must refuse it with exit 2.</summary>
public sealed class NoUsableConstructorLoop(int unused) : EventImpl
{
    public int Unused { get; } = unused;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) => -1;

    public override void UpdateHandle(int watch, HandleEvents events)
    {
    }

    public override int RemoveHandle(int watch) => -1;

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) => -1;

    public override void UpdateTimeout(int timer, int frequency)
    {
    }

    public override int RemoveTimeout(int timer) => -1;

    public override void RunOnce(TimeSpan maxWait)
    {
    }
}
