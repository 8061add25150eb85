namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Always polls a writer for input too and passes on what the kernel said: a
/// Writable-only watch is called back with Readable when its fd has data. Loops that register
/// POLLIN unconditionally and forward revents unfiltered behave this way.</summary>
[Mutant("unrequested-bits", "reports Readable to a Writable-only watch", "HANDLE-2")]
internal sealed class UnrequestedBits(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, Widen(events), callback, opaque, ff);

    public override void UpdateHandle(int watch, HandleEvents events) => Inner.UpdateHandle(watch, Widen(events));

    /// <summary>The bug: a watch that asks for Writable is polled for Readable as well.</summary>
    private static HandleEvents Widen(HandleEvents events) =>
        (events & HandleEvents.Writable) != HandleEvents.None ? events | HandleEvents.Readable : events;
}
