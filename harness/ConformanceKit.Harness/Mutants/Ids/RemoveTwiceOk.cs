namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>A second remove of the same id returns 0 again: a loop that only marks entries deleted
/// and answers remove from the mark without checking it first.</summary>
[Mutant("remove-twice-ok", "a second remove returns 0", "IDS-5")]
internal sealed class RemoveTwiceOk(TimeProvider time) : DecoratedLoop(time)
{
    private readonly HashSet<int> _removedWatches = [];
    private readonly HashSet<int> _removedTimers = [];

    public override int RemoveHandle(int watch) => Remove(_removedWatches, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Remove(_removedTimers, timer, Inner.RemoveTimeout(timer));

    private static int Remove(HashSet<int> removed, int id, int result)
    {
        if (result == 0)
        {
            removed.Add(id);
            return 0;
        }

        return removed.Contains(id) ? 0 : result; // the bug: "deleted" is good enough
    }
}
