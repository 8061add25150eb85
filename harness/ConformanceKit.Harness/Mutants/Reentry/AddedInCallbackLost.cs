namespace ConformanceKit.Harness.Mutants.Reentry;

/// <summary>A registration added from inside a callback goes to a "pending" list that is meant to
/// be merged after dispatch, and the merge never happens: add returns a good id, remove and its ff
/// work, but the registration is never called back. libvirt adds watches and timers from
/// callbacks all the time (a new client connection, a keepalive timer).</summary>
[Mutant("added-in-callback-lost", "a registration added inside a callback is never dispatched", "REENTRY-2")]
internal sealed class AddedInCallbackLost(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        bool lost = InCallback; // the bug: never merged
        return Inner.AddHandle(fd, events, Tracked((w, f, ev, o) =>
        {
            if (!lost)
            {
                callback(w, f, ev, o);
            }
        }), opaque, ff);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        bool lost = InCallback;
        return Inner.AddTimeout(frequency, Tracked((t, o) =>
        {
            if (!lost)
            {
                callback(t, o);
            }
        }), opaque, ff);
    }
}
