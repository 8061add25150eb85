namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Treats a disabled registration (a timer at -1, a watch with mask 0) as already gone:
/// removing it returns -1 and its free callback never runs. Loops that implement "disabled" by
/// taking the entry out of their host loop (cancelling an asyncio handle, removing a GLib source)
/// and then look for it there on remove have this shape.</summary>
[Mutant("ff-skipped-when-disabled", "removing a timer at -1 or a watch with mask 0 returns -1 and never calls ff", "FREE-7")]
internal sealed class FfSkippedWhenDisabled(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<(bool Timer, int Id), Entry> _entries = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        var e = new Entry(ff) { Disabled = events == HandleEvents.None };
        return Keep(false, Inner.AddHandle(fd, events, callback, opaque, ff is null ? null : e.Free), e);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        var e = new Entry(ff) { Disabled = frequency < 0 };
        return Keep(true, Inner.AddTimeout(frequency, callback, opaque, ff is null ? null : e.Free), e);
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        Inner.UpdateHandle(watch, events);
        if (_entries.TryGetValue((false, watch), out var e))
        {
            e.Disabled = events == HandleEvents.None;
        }
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        Inner.UpdateTimeout(timer, frequency);
        if (_entries.TryGetValue((true, timer), out var e))
        {
            e.Disabled = frequency < 0;
        }
    }

    public override int RemoveHandle(int watch) => Remove(false, watch, Inner.RemoveHandle);

    public override int RemoveTimeout(int timer) => Remove(true, timer, Inner.RemoveTimeout);

    private int Keep(bool timer, int id, Entry e)
    {
        if (id > 0)
        {
            _entries[(timer, id)] = e;
        }

        return id;
    }

    private int Remove(bool timer, int id, Func<int, int> remove)
    {
        int result = remove(id);
        if (result == 0 && _entries.Remove((timer, id), out var e) && e.Disabled)
        {
            e.Dropped = true; // the bug: "already gone", so no ff ...
            return -1;        // ... and "not found"
        }

        return result;
    }

    private sealed class Entry(FreeCallback? ff)
    {
        public bool Disabled { get; set; }

        public bool Dropped { get; set; }

        public void Free(object? opaque)
        {
            if (!Dropped)
            {
                ff?.Invoke(opaque);
            }
        }
    }
}
