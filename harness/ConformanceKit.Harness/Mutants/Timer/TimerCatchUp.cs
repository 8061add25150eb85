namespace ConformanceKit.Harness.Mutants.Timer;

/// <summary>Fixed-rate catch-up: when a periodic timer is late by several periods (a long
/// iteration, a suspended host), it is fired once per missed period, all in one iteration.
/// Schedulers written for "every N ms on average" do this; libvirt's keepalive then counts
/// several missed replies at once and closes the connection. The burst is capped at
/// <see cref="MaxBurst"/> calls, so that a gap of days cannot stall the loop.</summary>
[Mutant("timer-catch-up", "fires several times in one iteration after a long gap", "TIMER-4")]
internal sealed class TimerCatchUp(TimeProvider time) : DecoratedLoop(time)
{
    public const int MaxBurst = 10;

    private readonly Dictionary<int, (int Frequency, long ArmedAtMs)> _timers = [];

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddTimeout(frequency, (t, o) => Fire(t, o, callback), opaque, ff);
        if (id > 0)
        {
            _timers[id] = (frequency, NowMs);
        }

        return id;
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (_timers.ContainsKey(timer))
        {
            _timers[timer] = (frequency, NowMs);
        }

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

    private void Fire(int id, object? opaque, TimeoutCallback callback)
    {
        if (!_timers.TryGetValue(id, out var t) || t.Frequency <= 0)
        {
            callback(id, opaque);
            return;
        }

        long now = NowMs;
        long missed = Math.Clamp((now - t.ArmedAtMs) / t.Frequency, 1, MaxBurst);
        _timers[id] = (t.Frequency, now);
        for (long i = 0; i < missed; i++) // the bug: one call per period missed
        {
            if (i > 0 && (!_timers.TryGetValue(id, out var still) || still.Frequency != t.Frequency))
            {
                return; // removed or changed by its own callback
            }

            callback(id, opaque);
        }
    }
}
