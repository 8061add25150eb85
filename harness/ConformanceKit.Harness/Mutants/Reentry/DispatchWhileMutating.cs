namespace ConformanceKit.Harness.Mutants.Reentry;

/// <summary>Walks its table directly while dispatching; when a callback removes a registration the
/// walk is invalidated ("collection was modified", "dictionary changed size during iteration") and
/// the loop gives up on the rest of the iteration: live, ready watches and due timers after that
/// point are not called back.</summary>
[Mutant("dispatch-while-mutating", "removing inside a callback breaks the iteration (skips a live ready watch)", "REENTRY-1")]
internal sealed class DispatchWhileMutating(TimeProvider time) : DecoratedLoop(time)
{
    private bool _walkBroken;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        var tracked = Tracked(callback);
        return Inner.AddHandle(fd, events, (w, f, ev, o) =>
        {
            if (!_walkBroken)
            {
                tracked(w, f, ev, o);
            }
        }, opaque, ff);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        var tracked = Tracked(callback);
        return Inner.AddTimeout(frequency, (t, o) =>
        {
            if (!_walkBroken)
            {
                tracked(t, o);
            }
        }, opaque, ff);
    }

    public override int RemoveHandle(int watch) => Removed(Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Removed(Inner.RemoveTimeout(timer));

    protected override void BeforeIteration() => _walkBroken = false;

    private int Removed(int result)
    {
        if (result == 0 && InCallback)
        {
            _walkBroken = true; // the bug: the rest of this iteration is dropped
        }

        return result;
    }
}
