namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Calls the free callback only ten iterations after the removal: a loop that batches its
/// clean-up (or leaves it to a garbage collector) and so keeps libvirt's opaques, and with them
/// whole connections, alive long after they were released.</summary>
[Mutant("ff-late", "ff only ten iterations after removal", "FREE-6")]
internal sealed class FfLate(TimeProvider time) : DecoratedLoop(time)
{
    private const int Delay = 10;

    private readonly Dictionary<(bool Timer, int Id), (FreeCallback Ff, object? Opaque)> _frees = [];
    private readonly List<(int Due, FreeCallback Ff, object? Opaque)> _late = [];

    // Thread-safe bookkeeping: the mutant's one bug is the delay, not a registry that loses entries
    // when other threads call in.
    private readonly Lock _books = new();

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(false, Inner.AddHandle(fd, events, callback, opaque, null), ff, opaque);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(true, Inner.AddTimeout(frequency, callback, opaque, null), ff, opaque);

    public override int RemoveHandle(int watch) => Defer(false, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Defer(true, timer, Inner.RemoveTimeout(timer));

    protected override void AfterIteration()
    {
        List<(int Due, FreeCallback Ff, object? Opaque)> due;
        lock (_books)
        {
            due = [.. _late.Where(l => l.Due <= Iteration)];
            _late.RemoveAll(l => l.Due <= Iteration);
        }

        foreach (var (_, ff, opaque) in due)
        {
            FreeCallbackOpaque(ff, opaque);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        List<(int Due, FreeCallback Ff, object? Opaque)> owed;
        lock (_books)
        {
            owed = [.. _late];
            _late.Clear();
        }

        foreach (var (_, ff, opaque) in owed)
        {
            FreeCallbackOpaque(ff, opaque);
        }
    }

    private int Keep(bool timer, int id, FreeCallback? ff, object? opaque)
    {
        if (id > 0 && ff is not null)
        {
            lock (_books)
            {
                _frees[(timer, id)] = (ff, opaque);
            }
        }

        return id;
    }

    private int Defer(bool timer, int id, int result)
    {
        lock (_books)
        {
            if (result == 0 && _frees.Remove((timer, id), out var f))
            {
                _late.Add((Iteration + Delay, f.Ff, f.Opaque)); // the bug: ten iterations from now
            }
        }

        return result;
    }
}
