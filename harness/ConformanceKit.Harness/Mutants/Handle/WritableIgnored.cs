namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Never reports Writable: a watch asking for it is never called back for a writable fd.
/// Loops built on a host API that only has "readers" (or that map libvirt's mask onto POLLIN
/// alone) have this bug; libvirt then never flushes its outgoing RPC buffer.</summary>
[Mutant("writable-ignored", "never reports Writable", "HANDLE-1")]
internal sealed class WritableIgnored(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) =>
        {
            var filtered = ev & ~HandleEvents.Writable; // the bug
            if (filtered != HandleEvents.None)
            {
                callback(w, f, filtered, o);
            }
        }, opaque, ff);
}
