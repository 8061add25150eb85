using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Model;

/// <summary>The end of an iteration: what had to happen in it, and free-callback deadlines.</summary>
public sealed partial class TraceAnalyzer
{
    private const HandleEvents Asked = HandleEvents.Readable | HandleEvents.Writable;
    private const HandleEvents Unasked = HandleEvents.Error | HandleEvents.Hangup;

    private void OnIterationEnded(IterationEnded end)
    {
        var it = _iteration;
        _iteration = null;
        if (it is null)
        {
            return;
        }

        if (end.Exception is not null)
        {
            bool scripted = ThrowEndsIteration(end) || end.Exception.StartsWith("scripted", StringComparison.Ordinal);
            bool nullFfPending = _nullFfRemovedAt.Values.Any(i => end.Iteration - i <= 2);
            Emit(new IterationThrew(end.Seq, end.Iteration, end.Exception, scripted, nullFfPending, it.Mutated));

            // An exception cut the iteration short: what it did not get to is not a miss.
            return;
        }

        ThrowEndsIteration(end);

        // A miss of the previous iteration is judged now, when this one shows whether the loop
        // was late by one or more (contract version 2, "Late by one iteration").
        var missedBefore = TakePendingMisses();
        ExpectDispatches(end, it);
        ExpectFires(end, it);
        ResolveMisses(missedBefore, it);
        if (it.HandleOrder.Count > 1)
        {
            Emit(new DispatchOrder(end.Seq, end.Iteration, false, [.. it.HandleOrder]));
        }

        if (it.TimerOrder.Count > 1)
        {
            Emit(new DispatchOrder(end.Seq, end.Iteration, true, [.. it.TimerOrder]));
        }

        foreach (var r in _state.Registrations.Values.Where(r => r.Removed && r.HasFf && r.FreeCount == 0 && !r.FreeOverdueReported
                     && end.Iteration >= r.RemovedInIteration + 2).ToList())
        {
            Emit(new FreeOverdue(end.Seq, end.Iteration, r.RegKey, r.RemovedInIteration));
            _state = _state.WithRecord(r with { FreeOverdueReported = true });
        }
    }

    private void ExpectDispatches(IterationEnded end, IterationContext it)
    {
        foreach (var w in it.AtStart.Watches.Values)
        {
            // A slot whose fd the loop closed (HANDLE-10) reads another file or nothing: the kernel's
            // answer says nothing of what the loop watches, so nothing more is expected there.
            bool calledFirst = it.CalledBeforeTouched(w.RegKey, w.Slot);
            if ((!calledFirst && (it.IsTouched(w.RegKey, w.Slot) || !_state.Watches.ContainsKey(w.RegKey))) || _lostSlots.Contains(w.Slot) || it.Ready(w.Slot) is not HandleEvents ready)
            {
                continue;
            }

            var delivered = it.Delivered.GetValueOrDefault(w.RegKey);
            if (w.Mask == HandleEvents.None)
            {
                if ((ready & Unasked) != 0)
                {
                    Emit(new DormantObserved(end.Seq, end.Iteration, w.RegKey, ready & Unasked, delivered != HandleEvents.None));
                }

                continue;
            }

            var expected = (ready & w.Mask & Asked) | (ready & Unasked);
            if (expected == HandleEvents.None)
            {
                continue;
            }

            var missing = expected & ~delivered;
            // Whether a watch whose callback threw goes on being called is LIFE-2's (TraceAnalyzer.Throws.cs).
            if (missing != HandleEvents.None && OwesNothingAfterThrow(w.RegKey))
            {
                continue;
            }

            var cause = missing == HandleEvents.None ? MissCause.None : Classify(w, missing, delivered, it, end.Iteration);
            bool repeated = w.LastDeliveredIteration == end.Iteration - 1 && (w.LastDelivered & expected) != HandleEvents.None;
            var fact = new DispatchExpected(end.Seq, end.Iteration, w.RegKey, expected, delivered, cause, repeated, SharesFd(w, it));
            if (cause == MissCause.None)
            {
                Emit(fact);
            }
            else
            {
                _missedDispatches[w.RegKey] = fact;
            }
        }
    }

    /// <summary>Charges a missed dispatch to the circumstance that explains it, most specific first.</summary>
    private MissCause Classify(WatchModel w, HandleEvents missing, HandleEvents delivered, IterationContext it, int iteration)
    {
        // The circumstantial causes (added from a callback, re-entrant changes, a shared fd) skip a
        // watch entirely, and need the loop to have shown it can deliver these bits at all: a loop
        // that never reports Hangup, or reports Readable without the Hangup, is missing Hangup
        // everywhere (HANDLE-3), not only after re-entry.
        bool skipped = delivered == HandleEvents.None && (missing & ~it.AtStart.BitsEverDelivered) == HandleEvents.None;
        if (w.AddedInCallback && !w.EverDispatched && skipped)
        {
            return MissCause.AddedInCallback;
        }

        if (it.Mutated && skipped)
        {
            return MissCause.Reentry;
        }

        if ((missing & w.NewlyAsked) != HandleEvents.None)
        {
            return MissCause.Update;
        }

        if (w.LastDeliveredIteration == iteration - 1 && (w.LastDelivered & missing) == missing)
        {
            return MissCause.LevelTriggered;
        }

        // Charged to HANDLE-8 when another watch shares the fd and this one was skipped although the
        // loop delivers these bits elsewhere: then sharing the fd is what went wrong (the other
        // watch may be dormant, as in libvirt's eventtest, so it need not have been served).
        return SharesFd(w, it) && skipped ? MissCause.SharedFd : MissCause.Plain;
    }

    /// <summary>Updated to a shorter interval whose deadline has come, while the deadline it had
    /// before the update has not: a loop keeping old deadlines would not fire yet (TIMER-6).</summary>
    private static bool KeptOldDeadline(TimerModel t, long now) =>
        t.ChangedByUpdate && t.Frequency > 0 && t.DueBeforeUpdateMs is long old && now < old;

    /// <summary>Updated, and the deadline it had before the update has passed (for a timer that was
    /// at frequency 0, this is the iteration after the update): a fire now is the old deadline's
    /// (TIMER-6 judges that), not an overflow.</summary>
    private static bool OldDeadlinePassed(TimerModel t, long now, int iteration) =>
        t.ChangedByUpdate && ((t.DueBeforeUpdateMs is long old && now >= old) || t.ZeroBeforeUpdateIteration == iteration);

    private static bool SharesFd(WatchModel w, IterationContext it) =>
        it.AtStart.Watches.Values.Any(o => o.RegKey != w.RegKey && o.Slot == w.Slot && o.Slot >= 0);

    /// <summary>A periodic timer not added from a callback has fired in the iteration it fell due.</summary>
    private bool _periodicFiredOnTime;

    private void ExpectFires(IterationEnded end, IterationContext it)
    {
        foreach (var t in it.AtStart.Timers.Values)
        {
            if (it.TouchedRegs.Contains(t.RegKey) || !_state.Timers.ContainsKey(t.RegKey))
            {
                continue;
            }

            bool due = t.Frequency == 0 || (t.DueMs is long d && it.AtStart.NowMs >= d + _slackMs);
            bool fired = it.Fires.ContainsKey(t.RegKey);
            if (!due)
            {
                if (t.Frequency >= Tolerance.HugeFrequencyMs && !(fired && OldDeadlinePassed(t, it.AtStart.NowMs, end.Iteration)))
                {
                    Emit(new HugeTimerLive(end.Seq, end.Iteration, t.RegKey, t.Frequency, fired, t.DueMs!.Value - it.AtStart.NowMs));
                }

                continue;
            }

            // Whether a timer whose callback threw goes on firing is LIFE-2's (TraceAnalyzer.Throws.cs).
            if (!fired && OwesNothingAfterThrow(t.RegKey))
            {
                continue;
            }

            // Most specific first: what an update explains is not charged to re-entrancy.
            // Added from a callback is the explanation only where the loop has shown it fires such
            // a timer on time when it was not added from one (a loop that fires every periodic
            // timer late misses this one for that reason, not for where it was added).
            bool firesOnTime = t.Frequency == 0 ? it.AtStart.TimerEverFired : _periodicFiredOnTime;
            var cause = fired ? MissCause.None
                : t.AddedInCallback && !t.EverFired && firesOnTime ? MissCause.AddedInCallback
                : KeptOldDeadline(t, it.AtStart.NowMs) ? MissCause.KeptOldDeadline
                : t.ChangedByUpdate ? MissCause.Update
                : it.Mutated && it.AtStart.TimerEverFired ? MissCause.Reentry
                : MissCause.Plain;
            var fact = new FireExpected(end.Seq, end.Iteration, t.RegKey, t.Frequency, fired, cause, t.ChangedByUpdate, Updates: t.Updates);
            if (fired)
            {
                _periodicFiredOnTime |= t.Frequency > 0 && !t.AddedInCallback;
                Emit(fact);
            }
            else
            {
                _missedFires[t.RegKey] = fact;
            }
        }
    }
}
