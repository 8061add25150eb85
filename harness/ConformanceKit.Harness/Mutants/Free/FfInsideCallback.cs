namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Runs the ffs owed by earlier removals at the start of the next add or update, as part
/// of a table compaction those calls do. Never inside remove (FREE-3 holds), but when that add or
/// update comes from a callback, as libvirt's own callbacks often do right after a removal, the
/// ff runs while the callback is still running: a removal made inside a callback has its ff called
/// before the callback returns.</summary>
[Mutant("ff-inside-callback", "a removal made inside a callback runs ff before the callback returns (owed ffs run at the next add/update)", "FREE-4")]
internal sealed class FfInsideCallback(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<(bool Timer, int Id), Owed> _byId = [];
    private readonly List<Owed> _owed = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        Compact();
        var owed = new Owed(ff, opaque);
        return Keep(false, Inner.AddHandle(fd, events, callback, opaque, ff is null ? null : owed.RunOnce), owed);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        Compact();
        var owed = new Owed(ff, opaque);
        return Keep(true, Inner.AddTimeout(frequency, callback, opaque, ff is null ? null : owed.RunOnce), owed);
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        Compact();
        Inner.UpdateHandle(watch, events);
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        Compact();
        Inner.UpdateTimeout(timer, frequency);
    }

    public override int RemoveHandle(int watch) => Owe(false, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Owe(true, timer, Inner.RemoveTimeout(timer));

    private int Keep(bool timer, int id, Owed owed)
    {
        if (id > 0 && owed.Ff is not null)
        {
            _byId[(timer, id)] = owed;
        }

        return id;
    }

    private int Owe(bool timer, int id, int result)
    {
        if (result == 0 && _byId.Remove((timer, id), out var owed))
        {
            _owed.Add(owed);
        }

        return result;
    }

    /// <summary>The bug: the ffs owed so far run here, whoever is calling.</summary>
    private void Compact()
    {
        var due = _owed.ToArray();
        _owed.Clear();
        foreach (var owed in due)
        {
            owed.RunOnce(owed.Opaque);
        }
    }

    /// <summary>An ff that runs once, whether the compaction or the reference loop gets to it first.</summary>
    private sealed class Owed(FreeCallback? ff, object? opaque)
    {
        private bool _done;

        public FreeCallback? Ff { get; } = ff;

        public object? Opaque { get; } = opaque;

        public void RunOnce(object? o)
        {
            if (!_done)
            {
                _done = true;
                Ff?.Invoke(o);
            }
        }
    }
}
