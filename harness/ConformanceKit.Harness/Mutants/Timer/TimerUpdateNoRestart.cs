namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>update_timeout from one period N &gt; 0 to another M &gt; 0 keeps the deadline already
/// set: the timer still fires when N would have, and only then switches to M. This is libvirtaio's
/// behaviour: its timer task is sleeping for the old period and reads the new one only after it
/// wakes.</summary>
[Mutant("timer-update-no-restart", "update keeps the old deadline (as libvirtaio does)", "TIMER-6")]
internal sealed class TimerUpdateNoRestart(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, Entry> _timers = [];

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddTimeout(frequency, (t, o) =>
        {
            if (_timers.TryGetValue(t, out var e) && e.Pending is int next)
            {
                e.Pending = null;
                Inner.UpdateTimeout(t, next); // the sleep is over: now the new period applies
            }

            callback(t, o);
        }, opaque, ff);
        if (id > 0)
        {
            _timers[id] = new Entry { Frequency = frequency };
        }

        return id;
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (!_timers.TryGetValue(timer, out var e))
        {
            Inner.UpdateTimeout(timer, frequency);
            return;
        }

        bool sleeping = e.Frequency > 0;
        e.Frequency = frequency;
        if (sleeping && frequency > 0)
        {
            e.Pending = frequency; // the bug: the running sleep keeps its deadline
            return;
        }

        e.Pending = null;
        Inner.UpdateTimeout(timer, frequency);
    }

    public override int RemoveTimeout(int timer)
    {
        int result = Inner.RemoveTimeout(timer);
        if (result == 0)
        {
            _timers.Remove(timer);
        }

        return result;
    }

    private sealed class Entry
    {
        public int Frequency { get; set; }

        public int? Pending { get; set; }
    }
}
