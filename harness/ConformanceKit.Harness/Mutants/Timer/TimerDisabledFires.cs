namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>Clamps the frequency at 0 (<c>max(frequency, 0)</c> when turning it into a delay), so
/// a timer at -1, which libvirt uses for "disabled", fires on every iteration instead.</summary>
[Mutant("timer-disabled-fires", "a timer at -1 fires (frequency clamped to 0)", "TIMER-1")]
internal sealed class TimerDisabledFires(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(Math.Max(frequency, 0), callback, opaque, ff); // the bug

    public override void UpdateTimeout(int timer, int frequency) => Inner.UpdateTimeout(timer, Math.Max(frequency, 0));
}
