namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>Converts the frequency to microseconds in 32-bit arithmetic (<c>frequency * 1000</c>
/// in an int): anything above about 35 minutes wraps, and a wrapped negative interval is already
/// due, so a timer armed with int.MaxValue ms fires at once and on every iteration.</summary>
[Mutant("timer-overflow", "a huge frequency fires at once (32-bit overflow)", "TIMER-9")]
internal sealed class TimerOverflow(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(Wrapped(frequency), callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => Inner.UpdateTimeout(timer, Wrapped(frequency));

    private static int Wrapped(int frequency)
    {
        if (frequency <= 0)
        {
            return frequency;
        }

        int micros = unchecked(frequency * 1000); // the bug
        return micros < 0 ? 0 : micros / 1000;
    }
}
