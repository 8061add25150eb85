using ConformanceKit.Native;

namespace ConformanceKit.Reference;

/// <summary>One iteration of <see cref="ReferenceEventLoop"/>: wait, snapshot, dispatch, free.</summary>
public sealed partial class ReferenceEventLoop
{
    /// <summary>The epoll data of the wakeup eventfd; watched fds carry their fd number,
    /// which is never this value.</summary>
    private const ulong WakeToken = ulong.MaxValue;

    private const int InitialEventCapacity = 64;

    private readonly DispatchBatch _batch = new();
    private Libc.EpollEvent[] _events = new Libc.EpollEvent[InitialEventCapacity];

    /// <summary>How deep RunOnce is nested on <see cref="_runnerThread"/>: 1 at top level, more
    /// when a callback calls RunOnce itself.</summary>
    private int _depth;
    private int _runnerThread;

    /// <summary>True from computing a non-zero wait until epoll_wait has returned: the window in
    /// which a change from another thread must signal the eventfd.</summary>
    private bool _mayBlock;

    /// <summary>True while the eventfd may be readable (signalled, not yet drained).</summary>
    private bool _wakePending;

    /// <summary>Runs one iteration: waits at most <paramref name="maxWait"/> for a ready fd, a due
    /// timer or a wakeup; fires the due timers, then calls the ready watches; then runs the free
    /// callbacks owed for removed registrations.</summary>
    /// <param name="maxWait">The longest wait: <see cref="TimeSpan.Zero"/> polls without blocking
    /// (what the deterministic tier passes, moving its virtual clock itself);
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits until something is ready or due, or another
    /// thread changes a registration (THREAD-2). The wait is shortened to the earliest timer
    /// deadline, and skipped when a frequency-0 timer exists or free callbacks are owed.
    /// Sub-millisecond parts of <paramref name="maxWait"/> are dropped, so it never blocks longer.</param>
    /// <remarks>
    /// <para>What is dispatched is fixed when dispatch starts: the timers due at that moment (in
    /// ascending id order, each at most once, TIMER-4, TIMER-8) and then the watches whose fds
    /// epoll reported (in ascending id order, HANDLE-9). Just before each call the entry is looked
    /// at again: one removed by an earlier callback of the same iteration is skipped (FREE-1), a
    /// watch is told what its fd reported filtered by its mask of that moment (HANDLE-2,
    /// HANDLE-6), and a timer updated meanwhile follows its new setting. Registrations added by a
    /// callback wait for the next iteration (REENTRY-2). A periodic timer is re-armed from the
    /// moment it fires, before its callback runs, so an update made by the callback wins.</para>
    /// <para>Free callbacks run last, one after another, outside the lock, on this thread, and only
    /// in the outermost RunOnce: a RunOnce entered from inside a callback dispatches but frees
    /// nothing (FREE-4). One queued by a free callback runs in the next iteration, which then does
    /// not block (FREE-6: within two iterations).</para>
    /// <para>LIFE-2: an exception from a callback leaves RunOnce at once and reaches the caller.
    /// The loop stays consistent: the rest of the snapshot is dropped (ready fds are reported again,
    /// level-triggered; unfired due timers keep their deadline and fire next time), and free
    /// callbacks stay queued for the next RunOnce. An exception from a free callback likewise
    /// propagates, and the free callbacks after it stay queued.</para>
    /// <para>RunOnce is meant to be driven from one thread at a time; a call from a second thread
    /// while one is in progress throws <see cref="InvalidOperationException"/>. After
    /// <see cref="Dispose"/> it returns at once.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is negative and not
    /// <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public override void RunOnce(TimeSpan maxWait)
    {
        if (maxWait < TimeSpan.Zero && maxWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWait), maxWait, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }

        int me = Environment.CurrentManagedThreadId;
        bool outermost;
        DispatchBatch batch;
        Libc.EpollEvent[] events;
        int timeoutMs;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_depth > 0 && _runnerThread != me)
            {
                throw new InvalidOperationException("RunOnce is already running on another thread.");
            }

            outermost = _depth == 0;
            _depth++;
            _runnerThread = me;

            // A nested RunOnce (from a callback) must not clobber the snapshot the outer one is
            // still walking; the epoll buffer is free by then, the outer one having copied it.
            batch = outermost ? _batch : new DispatchBatch();
            events = EnsureEventCapacity();
            timeoutMs = ComputeTimeoutMs(maxWait);
            _mayBlock = timeoutMs != 0;
        }

        try
        {
            int count = _epoll.Wait(events, timeoutMs);
            long now;
            lock (_gate)
            {
                _mayBlock = false;
                now = _clock.Now;
                if (!_disposed)
                {
                    Snapshot(events, count, now, batch);
                }
            }

            DispatchTimers(batch.Timers);
            DispatchWatches(batch.Watches);
            if (outermost)
            {
                RunPendingFrees();
            }
        }
        finally
        {
            batch.Clear();
            lock (_gate)
            {
                _depth--;
                if (_depth == 0)
                {
                    _runnerThread = 0;
                    if (_disposed)
                    {
                        CloseKernelHandles();
                    }
                }
            }
        }
    }

    /// <summary>The epoll_wait timeout in ms: 0 when something must run now (a frequency-0
    /// timer, owed free callbacks, a zero <paramref name="maxWait"/>), else the smaller of
    /// <paramref name="maxWait"/> (rounded down) and the time to the earliest deadline (rounded
    /// up, so a timer is never woken for early); -1 for no limit at all.</summary>
    private int ComputeTimeoutMs(TimeSpan maxWait)
    {
        if (_pendingFrees.Count > 0 || _timers.HasEveryIteration)
        {
            return 0;
        }

        int limit = maxWait == Timeout.InfiniteTimeSpan
            ? -1
            : (int)Math.Min(int.MaxValue, maxWait.Ticks / TimeSpan.TicksPerMillisecond);
        if (limit == 0 || !_timers.TryPeekEarliestDue(out long due))
        {
            return limit;
        }

        long remaining = due - _clock.Now;
        if (remaining <= 0)
        {
            return 0;
        }

        int untilDue = LoopClock.CeilingMilliseconds(remaining);
        return limit < 0 ? untilDue : Math.Min(limit, untilDue);
    }

    /// <summary>Room for every fd we have in epoll plus the eventfd, so that one epoll_wait
    /// reports every ready fd and none waits an extra iteration (HANDLE-1). Grows by doubling,
    /// never per iteration.</summary>
    private Libc.EpollEvent[] EnsureEventCapacity()
    {
        int needed = _watches.KernelFdCount + 1;
        if (_events.Length < needed)
        {
            _events = new Libc.EpollEvent[Math.Max(needed, _events.Length * 2)];
        }

        return _events;
    }

    /// <summary>Fixes what this iteration dispatches (under the lock): the due timers and, for
    /// each fd epoll reported, every non-dormant watch on it. Also drains the wakeup eventfd.</summary>
    private void Snapshot(Libc.EpollEvent[] events, int count, long now, DispatchBatch batch)
    {
        _timers.CollectDue(now, batch.Timers);
        for (int i = 0; i < count; i++)
        {
            ulong data = events[i].Data;
            if (data == WakeToken)
            {
                _wakeup.Drain();
                _wakePending = false;
                continue;
            }

            if (!_watches.TryGetFd((int)data, out FdRegistration? reg))
            {
                continue;
            }

            HandleEvents reported = EventBits.FromEpoll(events[i].Events);
            foreach (Watch watch in reg.Watches)
            {
                if (watch.Mask != HandleEvents.None)
                {
                    batch.Watches.Add(new ReadyWatch(watch, reported));
                }
            }
        }

        // Sorting costs only what is due and ready, and makes the order independent of the
        // kernel's ready list and of hash order.
        batch.Timers.Sort();
        batch.Watches.Sort();
    }

    private void DispatchTimers(List<TimerSlot> due)
    {
        int next = 0;
        try
        {
            while (next < due.Count)
            {
                TimerSlot slot = due[next++];
                TimerEntry timer = slot.Timer;
                lock (_gate)
                {
                    // Fire if still live and due under its current setting: frequency 0, or the
                    // very periodic arming that was collected. An update to -1 or to a new N
                    // during this iteration therefore takes effect at once (TIMER-1, TIMER-5).
                    bool fire = !timer.Removed
                        && (timer.Frequency == 0 || slot.IsCurrentPeriodic);
                    if (!fire)
                    {
                        continue;
                    }

                    if (timer.Frequency > 0)
                    {
                        // From the moment of firing, read again: on a real clock earlier
                        // callbacks of this iteration may have taken a while (TIMER-3).
                        _timers.Rearm(timer, _clock.Now);
                    }
                }

                RunTimeoutCallback(timer.Id, timer.Callback, timer.Opaque);
            }
        }
        finally
        {
            if (next < due.Count)
            {
                // A callback threw: put the collected but unfired periodic timers back.
                lock (_gate)
                {
                    for (int i = next; i < due.Count; i++)
                    {
                        _timers.Restore(due[i]);
                    }
                }
            }
        }
    }

    private void DispatchWatches(List<ReadyWatch> ready)
    {
        foreach (ReadyWatch entry in ready)
        {
            Watch watch = entry.Watch;
            HandleEvents events;
            lock (_gate)
            {
                if (watch.Removed)
                {
                    continue;
                }

                events = EventBits.ForWatch(entry.Reported, watch.Mask);
            }

            // Never an empty event set (HANDLE-2): a watch that is dormant now, or whose fd
            // reported only bits it no longer asks for, is not called.
            if (events != HandleEvents.None)
            {
                RunHandleCallback(watch.Id, watch.Fd, events, watch.Callback, watch.Opaque);
            }
        }
    }

    /// <summary>Runs the free callbacks owed so far. A disposed loop also takes the ones queued
    /// while these ran: nothing can be queued after disposal, and no later RunOnce will come.</summary>
    private void RunPendingFrees()
    {
        List<PendingFree>? owed;
        lock (_gate)
        {
            owed = TakePendingFrees();
        }

        if (owed is not null)
        {
            RunFrees(owed);
        }

        lock (_gate)
        {
            owed = _disposed ? TakePendingFrees() : null;
        }

        if (owed is not null)
        {
            RunFrees(owed);
        }
    }

    /// <summary>Swaps the queue out under the lock (null when empty), so free callbacks can run
    /// without it and may themselves remove registrations.</summary>
    private List<PendingFree>? TakePendingFrees()
    {
        if (_pendingFrees.Count == 0)
        {
            return null;
        }

        List<PendingFree> owed = _pendingFrees;
        _pendingFrees = _spareFrees ?? [];
        _spareFrees = null;
        return owed;
    }

    /// <summary>Calls each free callback once, outside the lock. If one throws, the ones after it
    /// go back to the front of the queue, so each is still called exactly once (FREE-2).</summary>
    private void RunFrees(List<PendingFree> owed)
    {
        int next = 0;
        try
        {
            while (next < owed.Count)
            {
                PendingFree free = owed[next++];
                FreeCallbackOpaque(free.Ff, free.Opaque);
            }
        }
        finally
        {
            lock (_gate)
            {
                if (next < owed.Count)
                {
                    _pendingFrees.InsertRange(0, owed.GetRange(next, owed.Count - next));
                }

                owed.Clear();
                _spareFrees ??= owed;
            }
        }
    }
}
