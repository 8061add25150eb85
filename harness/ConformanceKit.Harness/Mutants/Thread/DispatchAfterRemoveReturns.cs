namespace ConformanceKit.Harness.Mutants.Thread;

/// <summary>A remove called from another thread while the loop runs is posted to the loop thread
/// and answered at once (0), the way loops that marshal every change onto their own thread with
/// call_soon_threadsafe / Post do; the loop applies it only after its next full iteration, so the
/// callback can still start after remove has returned. libvirt frees the opaque as soon as remove
/// returns, so that callback uses freed memory. Calls from the loop's own thread are correct.</summary>
[Mutant("dispatch-after-remove-returns", "a callback starts after remove returned on another thread", "THREAD-3", Threaded = true)]
internal sealed class DispatchAfterRemoveReturns(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Lock _gate = new();
    private readonly HashSet<(bool Timer, int Id)> _live = [];
    private readonly List<(bool Timer, int Id, int PostedIn)> _posted = [];
    private volatile int _loopThread;
    private volatile bool _running;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Live(false, Inner.AddHandle(fd, events, callback, opaque, ff));

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Live(true, Inner.AddTimeout(frequency, callback, opaque, ff));

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        if (IsLive(false, watch))
        {
            Inner.UpdateHandle(watch, events);
        }
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (IsLive(true, timer))
        {
            Inner.UpdateTimeout(timer, frequency);
        }
    }

    public override int RemoveHandle(int watch) => Remove(false, watch);

    public override int RemoveTimeout(int timer) => Remove(true, timer);

    public override void RunOnce(TimeSpan maxWait)
    {
        _loopThread = Environment.CurrentManagedThreadId;
        _running = true;
        try
        {
            base.RunOnce(maxWait);
        }
        finally
        {
            _running = false;
        }
    }

    protected override void AfterIteration() => Apply(all: false);

    public override void Dispose()
    {
        Apply(all: true);
        base.Dispose();
    }

    private int Live(bool timer, int id)
    {
        if (id > 0)
        {
            lock (_gate)
            {
                _live.Add((timer, id));
            }
        }

        return id;
    }

    private bool IsLive(bool timer, int id)
    {
        lock (_gate)
        {
            return _live.Contains((timer, id));
        }
    }

    private int Remove(bool timer, int id)
    {
        bool posted = _running && Environment.CurrentManagedThreadId != _loopThread;
        lock (_gate)
        {
            if (!_live.Remove((timer, id)))
            {
                return -1;
            }

            if (posted)
            {
                _posted.Add((timer, id, Iteration)); // the bug: answered now, applied later
            }
        }

        if (posted)
        {
            Inner.UpdateTimeout(0, -1); // any call from another thread wakes the reference loop
            return 0;
        }

        return timer ? Inner.RemoveTimeout(id) : Inner.RemoveHandle(id);
    }

    /// <summary>Applies the removals posted before the iteration that just ended began.</summary>
    private void Apply(bool all)
    {
        List<(bool Timer, int Id, int PostedIn)> due;
        lock (_gate)
        {
            due = [.. _posted.Where(p => all || p.PostedIn < Iteration)];
            _posted.RemoveAll(p => all || p.PostedIn < Iteration);
        }

        foreach (var (timer, id, _) in due)
        {
            _ = timer ? Inner.RemoveTimeout(id) : Inner.RemoveHandle(id);
        }
    }
}
