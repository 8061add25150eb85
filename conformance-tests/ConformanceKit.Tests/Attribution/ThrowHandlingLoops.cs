using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Attribution;

/// <summary>A correct loop that catches what a callback throws and goes on with the iteration, as
/// libvirtaio does for a watch (asyncio's Handle._run logs it) and many loops do for every
/// callback: the contract leaves that open (LIFE-2). Everything else is the reference loop's.</summary>
public sealed class CatchesCallbackExceptionsLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) => Caught(() => callback(w, f, ev, o)), opaque, ff);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, (t, o) => Caught(() => callback(t, o)), opaque, ff);

    private static void Caught(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception)
        {
            // Dropped on purpose: this loop's choice is to go on (LIFE-2).
        }
    }
}

/// <summary>A correct loop that lets a callback's exception out of RunOnce inside one of its own, as
/// a loop does that carries the callback's exception with context (the contract leaves that open).</summary>
public sealed class WrapsCallbackExceptionsLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, (t, o) =>
        {
            try
            {
                callback(t, o);
            }
            catch (Exception e)
            {
                throw new CallbackFailedException(t, e);
            }
        }, opaque, ff);
}

/// <summary>The exception <see cref="WrapsCallbackExceptionsLoop"/> throws in place of a callback's.</summary>
public sealed class CallbackFailedException(int timer, Exception inner)
    : Exception($"the callback of timer {timer} failed", inner);
