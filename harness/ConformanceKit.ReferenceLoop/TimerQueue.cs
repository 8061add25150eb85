namespace ConformanceKit.Reference;

/// <summary>The live timers: frequency-0 timers in a set (they fire every iteration anyway),
/// periodic ones in a min-heap keyed by due time. Every member is called under the loop's lock.</summary>
/// <remarks>Updates and removals never search the heap: they bump the timer's generation and
/// leave the old slot to be discarded when it reaches the top (lazy deletion). The heap is
/// rebuilt when stale slots outnumber live ones, so a timer updated every iteration cannot
/// make it grow without bound. Per iteration the cost is the due timers plus the stale slots
/// met on the way, never the number of timers.</remarks>
internal sealed class TimerQueue
{
    private const int CompactionFloor = 64;

    private readonly Dictionary<int, TimerEntry> _byId = [];
    private readonly HashSet<TimerEntry> _everyIteration = [];
    private readonly PriorityQueue<TimerSlot, (long Due, long Sequence)> _heap = new();
    private long _sequence;
    private int _periodicCount;

    /// <summary>Whether some timer has frequency 0, so the next wait must not block (TIMER-2).</summary>
    public bool HasEveryIteration => _everyIteration.Count > 0;

    public void Add(TimerEntry timer, int frequency, long now)
    {
        _byId.Add(timer.Id, timer);
        Arm(timer, frequency, now);
    }

    /// <summary>Updates a live timer; unknown ids change nothing (IDS-6).</summary>
    public void Update(int id, int frequency, long now)
    {
        if (_byId.TryGetValue(id, out TimerEntry? timer))
        {
            Arm(timer, frequency, now);
        }
    }

    /// <summary>Takes a live timer out; null for anything not live (IDS-5).</summary>
    public TimerEntry? Remove(int id)
    {
        if (!_byId.Remove(id, out TimerEntry? timer))
        {
            return null;
        }

        Disarm(timer);
        timer.Frequency = -1;
        timer.Generation++;
        timer.Removed = true;
        return timer;
    }

    /// <summary>The earliest deadline of a periodic timer, discarding stale slots on top.</summary>
    public bool TryPeekEarliestDue(out long due)
    {
        while (_heap.TryPeek(out TimerSlot slot, out (long Due, long Sequence) key))
        {
            if (slot.IsCurrentPeriodic)
            {
                due = key.Due;
                return true;
            }

            _heap.Dequeue();
        }

        due = 0;
        return false;
    }

    /// <summary>Appends every timer due at <paramref name="now"/>: all frequency-0 timers and
    /// the periodic ones whose deadline has come. Periodic ones leave the heap here; the loop
    /// either fires them (<see cref="Rearm"/>) or puts them back (<see cref="Restore"/>).
    /// Each timer is taken at most once, so none can fire twice in an iteration (TIMER-4).</summary>
    public void CollectDue(long now, List<TimerSlot> into)
    {
        foreach (TimerEntry timer in _everyIteration)
        {
            into.Add(new TimerSlot(timer, timer.Generation));
        }

        while (_heap.TryPeek(out TimerSlot slot, out (long Due, long Sequence) key))
        {
            if (slot.IsCurrentPeriodic && key.Due > now)
            {
                break;
            }

            _heap.Dequeue();
            if (slot.IsCurrentPeriodic)
            {
                into.Add(slot);
            }
        }
    }

    /// <summary>Arms a periodic timer that is firing now for its next period, counted from the
    /// firing time and not from the missed deadline: no catch-up bursts (TIMER-3, TIMER-4).</summary>
    public void Rearm(TimerEntry timer, long now)
    {
        timer.Generation++;
        Push(timer, now + LoopClock.FromMilliseconds(timer.Frequency));
    }

    /// <summary>Puts back a collected timer that was not fired (a callback threw before its
    /// turn), with its old deadline, if nothing re-armed or removed it meanwhile.</summary>
    public void Restore(TimerSlot slot)
    {
        if (slot.IsCurrentPeriodic)
        {
            Push(slot.Timer, slot.Timer.DueTicks);
        }
    }

    /// <summary>Forgets every timer without freeing anything (dispose, LIFE-1).</summary>
    public void Clear()
    {
        foreach (TimerEntry timer in _byId.Values)
        {
            timer.Removed = true;
        }

        _byId.Clear();
        _everyIteration.Clear();
        _heap.Clear();
        _periodicCount = 0;
    }

    /// <summary>Frequency below -1 is taken as -1 (disabled), as libvirt's own loops do with
    /// any negative value.</summary>
    private void Arm(TimerEntry timer, int frequency, long now)
    {
        Disarm(timer);
        timer.Generation++;
        timer.Frequency = Math.Max(frequency, -1);
        if (timer.Frequency == 0)
        {
            _everyIteration.Add(timer);
        }
        else if (timer.Frequency > 0)
        {
            _periodicCount++;
            Push(timer, now + LoopClock.FromMilliseconds(timer.Frequency));
            CompactIfStale();
        }
    }

    private void Disarm(TimerEntry timer)
    {
        if (timer.Frequency == 0)
        {
            _everyIteration.Remove(timer);
        }
        else if (timer.Frequency > 0)
        {
            _periodicCount--;
        }
    }

    private void Push(TimerEntry timer, long due)
    {
        timer.DueTicks = due;
        _heap.Enqueue(new TimerSlot(timer, timer.Generation), (due, _sequence++));
    }

    /// <summary>Rebuilds the heap from its current slots once stale ones are the majority:
    /// O(n) now and then, amortised O(1) per update.</summary>
    private void CompactIfStale()
    {
        if (_heap.Count <= CompactionFloor || _heap.Count <= 2 * _periodicCount)
        {
            return;
        }

        var live = new List<(TimerSlot, (long, long))>(_periodicCount);
        foreach ((TimerSlot slot, (long Due, long Sequence) key) in _heap.UnorderedItems)
        {
            if (slot.IsCurrentPeriodic)
            {
                live.Add((slot, key));
            }
        }

        _heap.Clear();
        _heap.EnqueueRange(live);
    }
}
