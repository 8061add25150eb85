namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>Implements frequency 0 as a one-shot "as soon as possible" timer: it fires once and then
/// stays quiet until updated again. One Perl loop did this (a zero-delay timer without an
/// interval); libvirt's domain-event queue then delivers only its first event.</summary>
[Mutant("timer-zero-once", "frequency 0 fires once, not every iteration (as one Perl loop did)", "TIMER-2")]
internal sealed class TimerZeroOnce(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, int> _frequency = [];

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddTimeout(frequency, (t, o) =>
        {
            if (_frequency.GetValueOrDefault(t) == 0)
            {
                Inner.UpdateTimeout(t, -1); // the bug: a one-shot
            }

            callback(t, o);
        }, opaque, ff);
        if (id > 0)
        {
            _frequency[id] = frequency;
        }

        return id;
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (_frequency.ContainsKey(timer))
        {
            _frequency[timer] = frequency;
        }

        Inner.UpdateTimeout(timer, frequency);
    }

    public override int RemoveTimeout(int timer)
    {
        _frequency.Remove(timer);
        return Inner.RemoveTimeout(timer);
    }
}
