namespace ConformanceKit.Harness.Mutants.Reentry;

/// <summary>Applies a change made from inside a callback by running a nested iteration on the spot
/// (the way some toolkit loops "process pending events" from within a handler): callbacks of
/// other registrations start while the first callback is still running. libvirt holds its locks
/// across its callbacks, so nested ones deadlock or corrupt its state.</summary>
[Mutant("nested-dispatch", "runs callbacks from inside a callback (a nested iteration when a callback calls the loop)", "REENTRY-3")]
internal sealed class NestedDispatch(TimeProvider time) : DecoratedLoop(time)
{
    private bool _nesting;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Then(Inner.AddHandle(fd, events, Tracked(callback), opaque, ff));

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Then(Inner.AddTimeout(frequency, Tracked(callback), opaque, ff));

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        Inner.UpdateHandle(watch, events);
        Then(0);
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        Inner.UpdateTimeout(timer, frequency);
        Then(0);
    }

    public override int RemoveHandle(int watch) => Then(Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Then(Inner.RemoveTimeout(timer));

    /// <summary>The bug: called from a callback, the loop runs one nested iteration before returning.</summary>
    private int Then(int result)
    {
        if (InCallback && !_nesting)
        {
            _nesting = true;
            try
            {
                Inner.RunOnce(TimeSpan.Zero);
            }
            finally
            {
                _nesting = false;
            }
        }

        return result;
    }
}
