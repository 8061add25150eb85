namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>Keeps the opaque in one field shared by all timers, so every timeout callback receives
/// the opaque of the most recently added timer.</summary>
[Mutant("timer-wrong-opaque", "passes another timer's opaque (the one added last)", "TIMER-7")]
internal sealed class TimerWrongOpaque(TimeProvider time) : DecoratedLoop(time)
{
    private object? _opaque;

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        _opaque = opaque; // the bug: one field for every timer
        return Inner.AddTimeout(frequency, (t, _) => callback(t, _opaque), opaque, ff);
    }
}
