using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Attribution;

/// <summary>A loop with one HANDLE-3 bug and one lag, as libvirtaio has on a hung-up socket: it
/// never reports Hangup, and it reports Writable from the second iteration in a row in which the
/// fd is writable (one iteration late, then on time, level-triggered as before).</summary>
/// <remarks>Everything else is the reference loop's: a callback left with no bits is not called
/// (HANDLE-2), and a watch that the inner loop did not call back in an iteration starts its
/// Writable count again.</remarks>
public sealed class WritableLateNoHangupLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, int> _writableIn = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) =>
        {
            var kept = ev & ~HandleEvents.Hangup;
            if ((ev & HandleEvents.Writable) != 0 && _writableIn.GetValueOrDefault(w, -1) != Iteration - 1)
            {
                // The first iteration in a row: held back (the lag), remembered for the next.
                kept &= ~HandleEvents.Writable;
            }

            if ((ev & HandleEvents.Writable) != 0)
            {
                _writableIn[w] = Iteration;
            }

            if (kept != HandleEvents.None)
            {
                callback(w, f, kept, o);
            }
        }, opaque, ff);
}
