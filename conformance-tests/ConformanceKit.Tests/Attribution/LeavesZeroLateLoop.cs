using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Attribution;

/// <summary>A loop that, when a timer at frequency 0 is updated to N &gt; 0, still fires it in each of
/// the next <c>extraFires</c> iterations, as libvirtaio does once (its Task is parked on
/// <c>sleep(0)</c> and finishes it before it reads the new frequency). Then the reference loop's
/// timer goes on with N.</summary>
public sealed class LeavesZeroLateLoop(TimeProvider time, int extraFires) : DecoratedLoop(time)
{
    private readonly Dictionary<int, (int Frequency, TimeoutCallback Callback, object? Opaque)> _timers = [];
    private readonly Dictionary<int, int> _owed = [];

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddTimeout(frequency, callback, opaque, ff);
        _timers[id] = (frequency, callback, opaque);
        return id;
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (_timers.TryGetValue(timer, out var t))
        {
            _owed[timer] = t.Frequency == 0 && frequency > 0 ? extraFires : 0;
            _timers[timer] = t with { Frequency = frequency };
        }

        Inner.UpdateTimeout(timer, frequency);
    }

    public override int RemoveTimeout(int timer)
    {
        int result = Inner.RemoveTimeout(timer);
        _timers.Remove(timer);
        _owed.Remove(timer);
        return result;
    }

    protected override void BeforeIteration()
    {
        foreach (var (id, left) in _owed.Where(o => o.Value > 0).ToList())
        {
            _owed[id] = left - 1;
            var t = _timers[id];
            t.Callback(id, t.Opaque);
        }
    }
}
