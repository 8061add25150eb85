using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Engine;

/// <summary>A correct loop as a newcomer writes it from the contract's XML docs: libvirt asks only
/// for Readable and Writable, so it keeps those two bits of a mask and nothing else (Error and
/// Hangup it reports anyway). Loaded by the tool as <c>assembly:ConformanceKit.Tests.dll:TYPE</c>.</summary>
public sealed class KeepsOnlyReadWriteLoop(TimeProvider time) : DecoratedLoop(time)
{
    private const HandleEvents Asked = HandleEvents.Readable | HandleEvents.Writable;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events & Asked, callback, opaque, ff);

    public override void UpdateHandle(int watch, HandleEvents events) => Inner.UpdateHandle(watch, events & Asked);
}

/// <summary>The reference loop, recording every mask and frequency the fake core passes to it.</summary>
public sealed class RecordingLoop(TimeProvider time, List<string> seen) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        seen.Add($"mask {(int)events}");
        return Inner.AddHandle(fd, events, callback, opaque, ff);
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        seen.Add($"mask {(int)events}");
        Inner.UpdateHandle(watch, events);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        seen.Add($"frequency {frequency}");
        return Inner.AddTimeout(frequency, callback, opaque, ff);
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        seen.Add($"frequency {frequency}");
        Inner.UpdateTimeout(timer, frequency);
    }
}
