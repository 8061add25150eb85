namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>update of an id that is not live throws (a dictionary lookup without a check):
/// libvirt updates watches of connections that are being torn down, and the exception escapes
/// into its C code.</summary>
[Mutant("update-unknown-throws", "update of an unknown id throws", "IDS-6")]
internal sealed class UpdateUnknownThrows(TimeProvider time) : DecoratedLoop(time)
{
    private readonly HashSet<int> _watches = [];
    private readonly HashSet<int> _timers = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Live(_watches, Inner.AddHandle(fd, events, callback, opaque, ff));

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Live(_timers, Inner.AddTimeout(frequency, callback, opaque, ff));

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        Check(_watches, watch);
        Inner.UpdateHandle(watch, events);
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        Check(_timers, timer);
        Inner.UpdateTimeout(timer, frequency);
    }

    public override int RemoveHandle(int watch) => Gone(_watches, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Gone(_timers, timer, Inner.RemoveTimeout(timer));

    private static int Live(HashSet<int> ids, int id)
    {
        if (id > 0)
        {
            ids.Add(id);
        }

        return id;
    }

    private static int Gone(HashSet<int> ids, int id, int result)
    {
        if (result == 0)
        {
            ids.Remove(id);
        }

        return result;
    }

    private static void Check(HashSet<int> ids, int id)
    {
        if (!ids.Contains(id))
        {
            throw new KeyNotFoundException($"no registration with id {id}"); // the bug
        }
    }
}
