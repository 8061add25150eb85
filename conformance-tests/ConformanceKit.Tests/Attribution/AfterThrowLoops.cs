using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Attribution;

/// <summary>A loop whose timer, once its callback has thrown, is called back only every
/// <c>every</c> iterations after the throw (0: never again, as libvirtaio's timer Task, which ends
/// with the exception). The exception itself goes out of RunOnce, as in the reference loop; every
/// other registration is the reference loop's.</summary>
public sealed class TimerAfterThrowLoop(TimeProvider time, int every) : DecoratedLoop(time)
{
    private readonly Dictionary<int, int> _threwIn = [];

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, (t, o) =>
        {
            if (_threwIn.TryGetValue(t, out int at) && (every == 0 || (Iteration - at) % every != 0))
            {
                return;
            }

            try
            {
                callback(t, o);
            }
            catch
            {
                _threwIn.TryAdd(t, Iteration);
                throw;
            }
        }, opaque, ff);
}

/// <summary>A loop that, once a timer's callback has thrown, calls it once more at the start of the
/// next iteration, as a loop does whose re-arm the exception skipped: the answer to the throw comes
/// at once, whatever the timer's frequency. Then the reference loop's timer goes on as before.</summary>
public sealed class RefiresAfterThrowLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly List<Action> _refire = [];

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, (t, o) =>
        {
            try
            {
                callback(t, o);
            }
            catch
            {
                _refire.Add(() => callback(t, o));
                throw;
            }
        }, opaque, ff);

    protected override void BeforeIteration()
    {
        var now = _refire.ToList();
        _refire.Clear();
        foreach (var fire in now)
        {
            fire();
        }
    }
}
