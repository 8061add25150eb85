namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>update_handle adds the new bits to the old mask instead of replacing it (an
/// <c>|=</c> where an <c>=</c> belongs): a watch moved from Readable to Writable keeps being
/// called for Readable, and a watch updated to 0 is never silenced.</summary>
[Mutant("update-ors-mask", "update adds to the old mask instead of replacing it", "HANDLE-6")]
internal sealed class UpdateOrsMask(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, HandleEvents> _masks = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddHandle(fd, events, callback, opaque, ff);
        if (id > 0)
        {
            _masks[id] = events;
        }

        return id;
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        if (_masks.TryGetValue(watch, out var old))
        {
            _masks[watch] = old | events; // the bug
            Inner.UpdateHandle(watch, old | events);
        }
    }

    public override int RemoveHandle(int watch)
    {
        _masks.Remove(watch);
        return Inner.RemoveHandle(watch);
    }
}
