namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Reports Hangup only when the mask asks for it, as loops built on select/asyncio
/// readers do: a Readable watch on a pipe whose writer closed is never called back.</summary>
[Mutant("no-hangup-unless-asked", "reports Hangup only when the mask asks for it", "HANDLE-3")]
internal sealed class NoHangupUnlessAsked(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) =>
        {
            var filtered = ev & ~HandleEvents.Hangup; // the mask never asks for Hangup
            if (filtered != HandleEvents.None)
            {
                callback(w, f, filtered, o);
            }
        }, opaque, ff);
}
