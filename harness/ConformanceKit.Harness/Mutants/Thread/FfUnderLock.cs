namespace ConformanceKit.Harness.Mutants.Thread;

/// <summary>Runs free callbacks with the loop's own lock held: an ff that waits for another thread
/// which is calling into the loop deadlocks, because that thread waits for the lock. libvirt's
/// RPC code takes its own lock in the ff while other threads call remove_handle under it; the
/// Python and GLib loops that freed inside remove deadlocked libvirt the same way.</summary>
[Mutant("ff-under-lock", "holds its lock while calling ff", "FREE-5", Threaded = true)]
internal sealed class FfUnderLock(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Lock _gate = new();

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        lock (_gate)
        {
            return Inner.AddHandle(fd, events, callback, opaque, Locked(ff));
        }
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        lock (_gate)
        {
            Inner.UpdateHandle(watch, events);
        }
    }

    public override int RemoveHandle(int watch)
    {
        lock (_gate)
        {
            return Inner.RemoveHandle(watch);
        }
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        lock (_gate)
        {
            return Inner.AddTimeout(frequency, callback, opaque, Locked(ff));
        }
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        lock (_gate)
        {
            Inner.UpdateTimeout(timer, frequency);
        }
    }

    public override int RemoveTimeout(int timer)
    {
        lock (_gate)
        {
            return Inner.RemoveTimeout(timer);
        }
    }

    private FreeCallback? Locked(FreeCallback? ff) => ff is null ? null : o =>
    {
        lock (_gate) // the bug: the table lock is held across the ff
        {
            ff(o);
        }
    };
}
