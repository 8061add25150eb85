namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>remove returns 0 for an id it never handed out (0, negative, or simply unknown): a loop
/// that does <c>table.pop(id, None); return 0</c> for ids it has no record of. libvirt relies on
/// -1 there to notice a double remove of a stale id.</summary>
[Mutant("remove-unknown-ok", "remove of an unknown id returns 0", "IDS-5")]
internal sealed class RemoveUnknownOk(TimeProvider time) : DecoratedLoop(time)
{
    private readonly HashSet<int> _watchIds = [];
    private readonly HashSet<int> _timerIds = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Issued(_watchIds, Inner.AddHandle(fd, events, callback, opaque, ff));

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Issued(_timerIds, Inner.AddTimeout(frequency, callback, opaque, ff));

    public override int RemoveHandle(int watch) => Remove(_watchIds, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Remove(_timerIds, timer, Inner.RemoveTimeout(timer));

    private static int Issued(HashSet<int> ids, int id)
    {
        ids.Add(id);
        return id;
    }

    private static int Remove(HashSet<int> issued, int id, int result) =>
        result == -1 && !issued.Contains(id) ? 0 : result; // the bug: unknown means "done"
}
