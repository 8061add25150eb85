namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>Fires periodic timers 25 ms before they are due: a loop that subtracts a fixed slack
/// from every interval longer than that (to "compensate for latency"). libvirt's poll loop fires
/// up to 20 ms early, which the contract tolerates as a remark; 25 ms is beyond it.</summary>
[Mutant("timer-early", "fires 25 ms before its due time", "TIMER-3")]
internal sealed class TimerEarly(TimeProvider time) : DecoratedLoop(time)
{
    private const int SlackMs = 25;

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(Early(frequency), callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => Inner.UpdateTimeout(timer, Early(frequency));

    private static int Early(int frequency) => frequency > SlackMs ? frequency - SlackMs : frequency; // the bug
}
