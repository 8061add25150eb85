namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>A removal made while the loop is dispatching only marks the registration, and the
/// dispatch loop never looks at the mark: a watch (or timer) that an earlier callback of the same
/// iteration removed is still called back later in that iteration. libvirt's own eventtest checks
/// exactly this ("deleted during dispatch of another"); the purge at the end of the iteration is
/// correct.</summary>
[Mutant("removed-still-dispatched", "a registration removed by an earlier callback in the same iteration is still called", "FREE-1")]
internal sealed class RemovedStillDispatched(TimeProvider time) : DecoratedLoop(time)
{
    private readonly HashSet<int> _liveWatches = [];
    private readonly HashSet<int> _liveTimers = [];
    private readonly List<(bool Timer, int Id)> _marked = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Track(_liveWatches, Inner.AddHandle(fd, events, callback, opaque, ff));

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Track(_liveTimers, Inner.AddTimeout(frequency, callback, opaque, ff));

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        if (_liveWatches.Contains(watch))
        {
            Inner.UpdateHandle(watch, events);
        }
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (_liveTimers.Contains(timer))
        {
            Inner.UpdateTimeout(timer, frequency);
        }
    }

    public override int RemoveHandle(int watch) => Remove(false, _liveWatches, watch, Inner.RemoveHandle);

    public override int RemoveTimeout(int timer) => Remove(true, _liveTimers, timer, Inner.RemoveTimeout);

    protected override void BeforeIteration() => Purge();

    protected override void AfterIteration() => Purge();

    public override void Dispose()
    {
        Purge();
        base.Dispose();
    }

    private static int Track(HashSet<int> live, int id)
    {
        if (id > 0)
        {
            live.Add(id);
        }

        return id;
    }

    private int Remove(bool timer, HashSet<int> live, int id, Func<int, int> remove)
    {
        if (!Dispatching)
        {
            live.Remove(id);
            return remove(id);
        }

        if (!live.Remove(id))
        {
            return -1;
        }

        _marked.Add((timer, id)); // the bug: only marked; dispatch goes on regardless
        return 0;
    }

    /// <summary>The removal proper, once dispatch is over.</summary>
    private void Purge()
    {
        if (_marked.Count == 0)
        {
            return;
        }

        var marked = _marked.ToArray();
        _marked.Clear();
        foreach (var (timer, id) in marked)
        {
            _ = timer ? Inner.RemoveTimeout(id) : Inner.RemoveHandle(id);
        }
    }
}
