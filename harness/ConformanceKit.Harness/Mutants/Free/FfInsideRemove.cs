namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Calls the ff synchronously inside remove: the bug that deadlocked libvirt in
/// libvirt-python, libvirt-glib and a Perl IO::Async loop.</summary>
[Mutant("ff-inside-remove", "calls ff synchronously inside remove", "FREE-3")]
internal sealed class FfInsideRemove(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<(bool Timer, int Id), (FreeCallback? Ff, object? Opaque)> _frees = [];

    // The mutant's own bookkeeping is thread-safe: its one bug is where the ff runs, not a registry
    // that loses entries when other threads call in (which THREAD-1 would charge it with).
    private readonly Lock _books = new();

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(false, Inner.AddHandle(fd, events, callback, opaque, null), ff, opaque);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(true, Inner.AddTimeout(frequency, callback, opaque, null), ff, opaque);

    public override int RemoveHandle(int watch) => FreeNow(false, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => FreeNow(true, timer, Inner.RemoveTimeout(timer));

    private int Keep(bool timer, int id, FreeCallback? ff, object? opaque)
    {
        if (id > 0)
        {
            lock (_books)
            {
                _frees[(timer, id)] = (ff, opaque);
            }
        }

        return id;
    }

    private int FreeNow(bool timer, int id, int result)
    {
        (FreeCallback? Ff, object? Opaque) f = default;
        bool owed;
        lock (_books)
        {
            owed = result == 0 && _frees.Remove((timer, id), out f);
        }

        if (owed)
        {
            FreeCallbackOpaque(f.Ff, f.Opaque); // the bug: still inside remove
        }

        return result;
    }
}
