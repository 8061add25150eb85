namespace ConformanceKit.Reference;

/// <summary>The loop's one notion of time: TimeSpan ticks elapsed since the loop was made,
/// read from the injected <see cref="TimeProvider"/>. Deadlines are longs in the same unit,
/// so <c>int.MaxValue</c> ms (about 2.1e13 ticks) cannot overflow (TIMER-9).</summary>
internal sealed class LoopClock
{
    private readonly TimeProvider _time;
    private readonly long _origin;

    public LoopClock(TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
    }

    public long Now => _time.GetElapsedTime(_origin).Ticks;

    public static long FromMilliseconds(int milliseconds) => milliseconds * TimeSpan.TicksPerMillisecond;

    /// <summary>Whole milliseconds until <paramref name="ticks"/> have passed, rounded up so
    /// that a wait never ends before a timer is due; clamped to what epoll_wait takes.</summary>
    public static int CeilingMilliseconds(long ticks) =>
        (int)Math.Min(int.MaxValue, (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
}
