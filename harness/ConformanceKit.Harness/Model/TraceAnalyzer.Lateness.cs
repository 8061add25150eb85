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
            // Bit by bit, so that each rule can grade the bits it judges (DispatchExpected.LateFor):
            // a Writable caught up while the Hangup never comes is late by one for HANDLE-1 and
            // never for HANDLE-3.
            var delivered = it.Delivered.GetValueOrDefault(key);
            var again = _missedDispatches.GetValueOrDefault(key);
            var resolved = miss with
            {
                CaughtUp = delivered & miss.Missing,
                MissedAgain = again is null ? HandleEvents.None : again.Missing & miss.Missing & ~delivered,
            };
            var late = resolved.LateFor(miss.Missing);
            Emit(resolved with { Late = late, Cause = UnmixedCause(miss.Cause, late, again?.Cause) });
        }

        foreach (var (key, miss) in before.Fires)
        {
            // Updated in between: the fire it owed is void (a new interval, or -1), and what it owes
            // now is a new obligation, judged on its own.
            var again = _missedFires.GetValueOrDefault(key);
            var late = it.Fires.ContainsKey(key) ? Lateness.ByOne
                : again is not null && again.Updates == miss.Updates ? Lateness.TwoOrMore
                : Lateness.NotSeenAgain;
            Emit(miss with { Late = late, Cause = UnmixedCause(miss.Cause, late, again?.Cause) });
        }
    }

    /// <summary>A miss charged to re-entrancy (a callback changed registrations earlier in its
    /// iteration) that the next iteration, with no re-entrant change, missed again is not
    /// re-entrancy's: the loop misses it anyway (a timer whose deadline it rounds wrong, say).
    /// Charged then to the circumstance of the second miss (issue 16: a loop whose only bug was a
    /// 1 ms rounding error was also charged REENTRY-1).</summary>
    /// <remarks>Where the next iteration gave no second look, nothing shows that re-entrancy explains the
    /// miss, and the plain rule gets the remark.</remarks>
    private static MissCause UnmixedCause(MissCause first, Lateness late, MissCause? second) => (first, late, second) switch
    {
        (MissCause.Reentry, Lateness.TwoOrMore, { } s) when s != MissCause.Reentry => s,
        (MissCause.Reentry, Lateness.NotSeenAgain, _) => MissCause.Plain,
        _ => first,
    };

    /// <summary>The run left its steps (settle disables everything) or ended: a miss still held
    /// back gets no second look.</summary>
    private void FlushPendingMisses()
    {
        var (dispatches, fires) = TakePendingMisses();
        foreach (var miss in dispatches.Values)
        {
            Emit(miss with { Late = Lateness.NotSeenAgain, Cause = UnmixedCause(miss.Cause, Lateness.NotSeenAgain, null) });
        }

        foreach (var miss in fires.Values)
        {
            Emit(miss with { Late = Lateness.NotSeenAgain, Cause = UnmixedCause(miss.Cause, Lateness.NotSeenAgain, null) });
        }
    }
}
