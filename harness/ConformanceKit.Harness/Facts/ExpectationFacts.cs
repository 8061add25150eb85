namespace ConformanceKit.Harness.Facts;

/// <summary>At the end of an iteration: a watch that was live, untouched and ready when the
/// iteration began had to be called back with <see cref="Expected"/>.</summary>
/// <param name="DeliveredLastIteration">It was called back in the previous iteration with bits it still has (HANDLE-5).</param>
/// <param name="SharedFd">Another live watch was on the same fd (HANDLE-8).</param>
/// <param name="Late">For a miss: what the next iteration showed of all the missing bits (on time,
/// late by one, ...).</param>
/// <param name="CaughtUp">The missing bits that the next iteration delivered.</param>
/// <param name="MissedAgain">The missing bits that the next iteration had to deliver and did not.</param>
internal sealed record DispatchExpected(int Seq, int Iteration, int RegKey, HandleEvents Expected, HandleEvents Delivered, MissCause Cause, bool DeliveredLastIteration, bool SharedFd,
    Lateness Late = Lateness.OnTime, HandleEvents CaughtUp = HandleEvents.None, HandleEvents MissedAgain = HandleEvents.None)
    : Fact(Seq, Iteration)
{
    public HandleEvents Missing => Expected & ~Delivered;

    /// <summary>How late the loop was with the missing bits among <paramref name="bits"/> alone: a
    /// rule that judges some bits is not charged for others (HANDLE-1's Writable came one iteration
    /// late; the Hangup that never came is HANDLE-3's, and must not make the Writable "never").</summary>
    public Lateness LateFor(HandleEvents bits)
    {
        var missing = Missing & bits;
        return missing == HandleEvents.None ? Lateness.OnTime
            : (CaughtUp & missing) == missing ? Lateness.ByOne
            : (MissedAgain & missing) != HandleEvents.None ? Lateness.TwoOrMore
            : Lateness.NotSeenAgain;
    }
}

/// <summary>At the end of an iteration: a timer that was live, untouched and due had to fire.</summary>
/// <param name="Late">For a miss: what the next iteration showed (on time, late by one, ...).</param>
/// <param name="Updates">The timer's count of updates then (<see cref="Model.TimerModel.Updates"/>).</param>
internal sealed record FireExpected(int Seq, int Iteration, int RegKey, int Frequency, bool Fired, MissCause Cause, bool ChangedByUpdate, Lateness Late = Lateness.OnTime, int Updates = 0)
    : Fact(Seq, Iteration);

/// <summary>At the end of an iteration: a timer armed with a huge frequency that was not due (TIMER-9).</summary>
/// <param name="EarlyMs">When it fired: how long before its due time (within
/// <see cref="Model.Tolerance.EarlyFireMs"/> it is TIMER-3's to grade, not an overflow).</param>
internal sealed record HugeTimerLive(int Seq, int Iteration, int RegKey, int Frequency, bool Fired, long EarlyMs)
    : Fact(Seq, Iteration);

/// <summary>A dormant watch (mask 0) sat on an fd with Error/Hangup (HANDLE-4, INFO).</summary>
internal sealed record DormantObserved(int Seq, int Iteration, int RegKey, HandleEvents Condition, bool Called)
    : Fact(Seq, Iteration);

/// <summary>A removed registration's ff had not run two iterations after removal (FREE-6).</summary>
internal sealed record FreeOverdue(int Seq, int Iteration, int RegKey, int RemovedInIteration)
    : Fact(Seq, Iteration);

/// <summary>When the run ended, a removed registration's ff had never run (FREE-2, FREE-7).</summary>
internal sealed record FreeMissing(int Seq, int Iteration, int RegKey, bool WasDisabled)
    : Fact(Seq, Iteration);

/// <summary>A registration was removed whose ff will have to run: an opportunity for FREE-2/6.</summary>
internal sealed record FreeDue(int Seq, int Iteration, int RegKey, bool WasDisabled)
    : Fact(Seq, Iteration);
