using ConformanceKit.Reference;

namespace ConformanceKit.Harness.Mutants;

/// <summary>The reference loop behind a thin layer a mutant overrides to inject exactly one bug.</summary>
/// <remarks>
/// Every call goes to <see cref="Inner"/> unless a mutant overrides it. Mutants that need to
/// intercept callbacks wrap them in <see cref="AddHandle"/> / <see cref="AddTimeout"/> before
/// passing them on. <see cref="Dispatching"/> tells whether the loop is inside RunOnce, and
/// <see cref="Iteration"/> counts iterations, for bugs that depend on either.
/// </remarks>
public abstract class DecoratedLoop : EventImpl
{
    private readonly long _origin;
    private int _callbackDepth;

    protected DecoratedLoop(TimeProvider time)
    {
        Time = time;
        Inner = new ReferenceEventLoop(time);
        _origin = time.GetTimestamp();
    }

    protected ReferenceEventLoop Inner { get; }

    protected TimeProvider Time { get; }

    /// <summary>True while RunOnce is running (callbacks are being dispatched).</summary>
    protected bool Dispatching { get; private set; }

    /// <summary>Iterations started so far.</summary>
    protected int Iteration { get; private set; }

    /// <summary>True while a callback wrapped by <see cref="Tracked(HandleCallback)"/> or
    /// <see cref="Tracked(TimeoutCallback)"/> is running (ffs do not count).</summary>
    protected bool InCallback => _callbackDepth > 0;

    /// <summary>Milliseconds since the loop was made, on <see cref="Time"/> (the virtual clock in
    /// the deterministic tier).</summary>
    protected long NowMs => (long)Time.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>Wraps a handle callback so that <see cref="InCallback"/> is true while it runs.</summary>
    protected HandleCallback Tracked(HandleCallback callback) => (w, fd, ev, o) =>
    {
        _callbackDepth++;
        try
        {
            callback(w, fd, ev, o);
        }
        finally
        {
            _callbackDepth--;
        }
    };

    /// <summary>Wraps a timeout callback so that <see cref="InCallback"/> is true while it runs.</summary>
    protected TimeoutCallback Tracked(TimeoutCallback callback) => (t, o) =>
    {
        _callbackDepth++;
        try
        {
            callback(t, o);
        }
        finally
        {
            _callbackDepth--;
        }
    };

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, callback, opaque, ff);

    public override void UpdateHandle(int watch, HandleEvents events) => Inner.UpdateHandle(watch, events);

    public override int RemoveHandle(int watch) => Inner.RemoveHandle(watch);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => Inner.UpdateTimeout(timer, frequency);

    public override int RemoveTimeout(int timer) => Inner.RemoveTimeout(timer);

    public override void RunOnce(TimeSpan maxWait)
    {
        Iteration++;
        bool outer = !Dispatching;
        Dispatching = true;
        try
        {
            BeforeIteration();
            Inner.RunOnce(maxWait);
            AfterIteration();
        }
        finally
        {
            if (outer)
            {
                Dispatching = false;
            }
        }
    }

    /// <summary>Runs at the start of each iteration, before the reference loop's.</summary>
    protected virtual void BeforeIteration()
    {
    }

    /// <summary>Runs at the end of each iteration, after the reference loop ran its ffs.</summary>
    protected virtual void AfterIteration()
    {
    }

    public override void Dispose()
    {
        Inner.Dispose();
        base.Dispose();
    }
}
