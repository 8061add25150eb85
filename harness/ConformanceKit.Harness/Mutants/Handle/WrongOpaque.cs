namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Keeps the opaque in one field shared by all watches (a static or a closure captured
/// in a loop), so every handle callback receives the opaque of the most recently added watch:
/// libvirt then acts on another connection's object.</summary>
[Mutant("wrong-opaque", "passes another registration's opaque (the one added last)", "HANDLE-7")]
internal sealed class WrongOpaque(TimeProvider time) : DecoratedLoop(time)
{
    private object? _opaque;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        _opaque = opaque; // the bug: one field for every watch
        return Inner.AddHandle(fd, events, (w, f, ev, _) => callback(w, f, ev, _opaque), opaque, ff);
    }
}
