namespace ConformanceKit.Reference;

/// <summary>A timer as captured at one moment: in the heap, or in an iteration's list of
/// due timers. It is current only while the timer still has this generation.</summary>
internal readonly record struct TimerSlot(TimerEntry Timer, int Generation) : IComparable<TimerSlot>
{
    /// <summary>Still the live, periodic arming this slot was made for.</summary>
    public bool IsCurrentPeriodic => !Timer.Removed && Timer.Frequency > 0 && Timer.Generation == Generation;

    /// <summary>Due timers fire in ascending id order, so a seed replays byte for byte (TIMER-8).</summary>
    public int CompareTo(TimerSlot other) => Timer.Id.CompareTo(other.Timer.Id);
}
