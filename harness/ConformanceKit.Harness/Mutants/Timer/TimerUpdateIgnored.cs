namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>update_timeout does nothing: the timer keeps the frequency it was added with. libvirt
/// drives its domain-event timer entirely by updates (-1 idle, 0 when events are queued), so
/// events are never delivered.</summary>
[Mutant("timer-update-ignored", "update_timeout leaves the old frequency", "TIMER-5")]
internal sealed class TimerUpdateIgnored(TimeProvider time) : DecoratedLoop(time)
{
    public override void UpdateTimeout(int timer, int frequency)
    {
        // the bug: nothing happens
    }
}
