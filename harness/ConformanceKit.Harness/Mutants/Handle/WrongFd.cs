namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Passes the watch id where the fd belongs (two int arguments of the callback mixed up),
/// so libvirt reads from a descriptor it never registered.</summary>
[Mutant("wrong-fd", "passes a wrong fd (the watch id)", "HANDLE-7")]
internal sealed class WrongFd(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, _, ev, o) => callback(w, w, ev, o), opaque, ff); // the bug
}
