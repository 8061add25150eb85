using ConformanceKit.Native;

namespace ConformanceKit.Harness.Mutants.Thread;

/// <summary>Blocks in poll() on the fds and the earliest deadline it knew when the wait began, with
/// no wakeup fd in the set: a watch or frequency-0 timer added, or a registration removed, from
/// another thread is noticed only when something unrelated ends the wait. libvirt's own eventtest
/// checks this ("interrupted during poll"); loops without a self-pipe or eventfd fail it.</summary>
/// <remarks>With a zero wait (the deterministic tier) it behaves exactly like the reference loop.</remarks>
[Mutant("no-wakeup", "a change from another thread waits for an unrelated event (no wakeup of a blocked poll)", "THREAD-2", Threaded = true)]
internal sealed class NoWakeup(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (int Fd, HandleEvents Mask)> _watches = [];
    private readonly Dictionary<int, (int Frequency, long ArmedAtMs)> _timers = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddHandle(fd, events, callback, opaque, ff);
        lock (_gate)
        {
            if (id > 0)
            {
                _watches[id] = (fd, events);
            }
        }

        return id;
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        Inner.UpdateHandle(watch, events);
        lock (_gate)
        {
            if (_watches.TryGetValue(watch, out var w))
            {
                _watches[watch] = (w.Fd, events);
            }
        }
    }

    public override int RemoveHandle(int watch)
    {
        int result = Inner.RemoveHandle(watch);
        lock (_gate)
        {
            _watches.Remove(watch);
        }

        return result;
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddTimeout(frequency, (t, o) =>
        {
            lock (_gate)
            {
                if (_timers.TryGetValue(t, out var e))
                {
                    _timers[t] = (e.Frequency, NowMs);
                }
            }

            callback(t, o);
        }, opaque, ff);
        lock (_gate)
        {
            if (id > 0)
            {
                _timers[id] = (frequency, NowMs);
            }
        }

        return id;
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        Inner.UpdateTimeout(timer, frequency);
        lock (_gate)
        {
            if (_timers.ContainsKey(timer))
            {
                _timers[timer] = (frequency, NowMs);
            }
        }
    }

    public override int RemoveTimeout(int timer)
    {
        int result = Inner.RemoveTimeout(timer);
        lock (_gate)
        {
            _timers.Remove(timer);
        }

        return result;
    }

    public override void RunOnce(TimeSpan maxWait)
    {
        if (maxWait != TimeSpan.Zero)
        {
            Wait(maxWait);
        }

        base.RunOnce(TimeSpan.Zero);
    }

    private void Wait(TimeSpan maxWait)
    {
        Libc.PollFd[] fds;
        int timeout;
        lock (_gate)
        {
            timeout = maxWait == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, (long)maxWait.TotalMilliseconds);
            long now = NowMs;
            foreach (var (frequency, armedAt) in _timers.Values)
            {
                if (frequency < 0)
                {
                    continue;
                }

                int untilDue = (int)Math.Clamp(armedAt + frequency - now, 0, int.MaxValue);
                timeout = timeout < 0 ? untilDue : Math.Min(timeout, untilDue);
            }

            fds = [.. _watches.Values.Where(w => w.Mask != HandleEvents.None).Select(w => new Libc.PollFd { Fd = w.Fd, Events = Events(w.Mask) })];
        }

        if (timeout != 0)
        {
            Libc.Poll(fds, timeout); // the bug: nothing in this set is signalled by a change
        }
    }

    private static short Events(HandleEvents mask) =>
        (short)(((mask & HandleEvents.Readable) != 0 ? Libc.POLLIN : 0) | ((mask & HandleEvents.Writable) != 0 ? Libc.POLLOUT : 0));
}
