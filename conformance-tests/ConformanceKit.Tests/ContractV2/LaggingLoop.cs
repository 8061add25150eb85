using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.ContractV2;

/// <summary>A correct loop that is always <c>lag</c> iterations late, as loops built on asyncio or
/// IO::Async are (a callback starts an iteration after it was scheduled): everything the reference
/// loop would call back in an iteration is queued and called back <c>lag</c> iterations later.</summary>
/// <remarks>
/// It keeps every rule about what a loop must not do. A queued handle callback keeps only the bits
/// that the watch's current mask (or Error/Hangup) still allows, and is dropped when the watch is
/// removed; a queued timer fire is dropped when the timer is removed or updated to anything but 0
/// (a fire before a new interval would be early, one after -1 forbidden). A periodic timer is
/// re-armed when its callback really runs, so that "armed when it last fired" means the same to the
/// loop and to the harness.
/// </remarks>
public sealed class LaggingLoop(TimeProvider time, int lag) : DecoratedLoop(time)
{
    private const HandleEvents Unasked = HandleEvents.Error | HandleEvents.Hangup;

    private readonly List<Queued> _queue = [];
    private readonly Dictionary<int, int> _frequency = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) => _queue.Add(new Queued(Iteration + lag, false, w, ev, e => callback(w, f, e, o))), opaque, ff);

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        foreach (var q in _queue.Where(q => !q.Timer && q.Id == watch))
        {
            q.Events &= events | Unasked;
        }

        _queue.RemoveAll(q => !q.Timer && q.Id == watch && q.Events == HandleEvents.None);
        Inner.UpdateHandle(watch, events);
    }

    public override int RemoveHandle(int watch)
    {
        int result = Inner.RemoveHandle(watch);
        if (result == 0)
        {
            _queue.RemoveAll(q => !q.Timer && q.Id == watch);
        }

        return result;
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddTimeout(frequency, (t, o) => _queue.Add(new Queued(Iteration + lag, true, t, HandleEvents.None, _ => Fire(t, o, callback))), opaque, ff);
        _frequency[id] = frequency;
        return id;
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (frequency != 0)
        {
            _queue.RemoveAll(q => q.Timer && q.Id == timer);
        }

        if (_frequency.ContainsKey(timer))
        {
            _frequency[timer] = frequency;
        }

        Inner.UpdateTimeout(timer, frequency);
    }

    public override int RemoveTimeout(int timer)
    {
        int result = Inner.RemoveTimeout(timer);
        if (result == 0)
        {
            _queue.RemoveAll(q => q.Timer && q.Id == timer);
        }

        return result;
    }

    /// <summary>The queued callbacks whose turn has come run after the reference loop's iteration,
    /// at this loop's top level, unless an earlier one of them removed or changed their registration.</summary>
    protected override void AfterIteration()
    {
        var due = _queue.Where(q => q.Due <= Iteration).ToList();
        try
        {
            foreach (var q in due)
            {
                if (_queue.Remove(q))
                {
                    q.Call(q.Events);
                }
            }
        }
        catch
        {
            // A callback threw out of the iteration: the rest of its batch is dropped, as an
            // exception drops the rest of an iteration in the reference loop (LIFE-2).
            _queue.RemoveAll(due.Contains);
            throw;
        }
    }

    private void Fire(int timer, object? opaque, TimeoutCallback callback)
    {
        // Re-armed now, when the callback really runs; a fire the reference loop queued meanwhile
        // from the old deadline is not this loop's.
        if (_frequency.GetValueOrDefault(timer) is > 0 and var f)
        {
            _queue.RemoveAll(q => q.Timer && q.Id == timer);
            Inner.UpdateTimeout(timer, f);
        }

        callback(timer, opaque);
    }

    private sealed class Queued(int due, bool timer, int id, HandleEvents events, Action<HandleEvents> call)
    {
        public int Due { get; } = due;

        public bool Timer { get; } = timer;

        public int Id { get; } = id;

        public HandleEvents Events { get; set; } = events;

        public Action<HandleEvents> Call { get; } = call;
    }
}
