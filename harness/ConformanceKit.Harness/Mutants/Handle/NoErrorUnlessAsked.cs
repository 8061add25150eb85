namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Reports Error only when the mask asks for it, which libvirt never does: loops built on
/// select/asyncio readers and writers forget the error bit, so a pipe whose reader went away is
/// never reported to a Readable watch.</summary>
[Mutant("no-error-unless-asked", "reports Error only when the mask asks for it", "HANDLE-3")]
internal sealed class NoErrorUnlessAsked(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) =>
        {
            var filtered = ev & ~HandleEvents.Error; // the mask never asks for Error
            if (filtered != HandleEvents.None)
            {
                callback(w, f, filtered, o);
            }
        }, opaque, ff);
}
