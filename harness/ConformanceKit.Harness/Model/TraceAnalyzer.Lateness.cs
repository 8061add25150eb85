using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Model;

/// <summary>Late by one iteration (contract version 2): a missed dispatch or fire is held back for
/// one iteration and emitted once the next shows whether the loop caught up.</summary>
/// <remarks>The allowance covers only what a loop must do; what it must not do (dispatch after
/// remove, bits an update dropped, a timer at -1) is judged where it happens, never held back.</remarks>
public sealed partial class TraceAnalyzer
{
    private Dictionary<int, DispatchExpected> _missedDispatches = [];
    private Dictionary<int, FireExpected> _missedFires = [];

    private (Dictionary<int, DispatchExpected> Dispatches, Dictionary<int, FireExpected> Fires) TakePendingMisses()
    {
        var taken = (_missedDispatches, _missedFires);
        _missedDispatches = [];
        _missedFires = [];
        return taken;
    }

    /// <summary>Judges last iteration's misses by what this iteration (<paramref name="it"/>) did:
    /// done now is late by one; missed again is two or more; neither is not seen again.</summary>
    private void ResolveMisses((Dictionary<int, DispatchExpected> Dispatches, Dictionary<int, FireExpected> Fires) before, IterationContext it)
    {
        foreach (var (key, miss) in before.Dispatches)
        {
            var delivered = it.Delivered.GetValueOrDefault(key);
            var late = (delivered & miss.Missing) == miss.Missing ? Lateness.ByOne
                : _missedDispatches.TryGetValue(key, out var again) && (again.Missing & miss.Missing & ~delivered) != HandleEvents.None ? Lateness.TwoOrMore
                : Lateness.NotSeenAgain;
            Emit(miss with { Late = late });
        }

        foreach (var (key, miss) in before.Fires)
        {
            // Updated in between: the fire it owed is void (a new interval, or -1), and what it owes
            // now is a new obligation, judged on its own.
            var late = it.Fires.ContainsKey(key) ? Lateness.ByOne
                : _missedFires.TryGetValue(key, out var again) && again.Updates == miss.Updates ? Lateness.TwoOrMore
                : Lateness.NotSeenAgain;
            Emit(miss with { Late = late });
        }
    }

    /// <summary>The run left its steps (settle disables everything) or ended: a miss still held
    /// back gets no second look.</summary>
    private void FlushPendingMisses()
    {
        var (dispatches, fires) = TakePendingMisses();
        foreach (var miss in dispatches.Values)
        {
            Emit(miss with { Late = Lateness.NotSeenAgain });
        }

        foreach (var miss in fires.Values)
        {
            Emit(miss with { Late = Lateness.NotSeenAgain });
        }
    }
}
