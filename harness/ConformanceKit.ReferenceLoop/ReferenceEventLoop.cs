using ConformanceKit.Native;

namespace ConformanceKit.Reference;

/// <summary>
/// The loop that passes every MUST and SHOULD rule of the contract: epoll (level-triggered)
/// for the fds, a heap of deadlines for the timers, an eventfd to wake a blocked iteration,
/// and a queue of free callbacks run at the end of each iteration.
/// </summary>
/// <remarks>
/// <para>Ids count up from 1, separately for watches and timers, and are never reused
/// (IDS-1..IDS-4). Once the counter would pass <see cref="int.MaxValue"/>, adds return -1.</para>
/// <para>All six functions may be called from any thread at any time, including from inside
/// callbacks (REENTRY-1, THREAD-1). They take one lock for the tables; callbacks and free
/// callbacks always run with that lock released (FREE-5). A call from a thread other than the
/// one inside <see cref="RunOnce"/> wakes a blocked wait (THREAD-2).</para>
/// <para>Time is read only from the <see cref="TimeProvider"/> given to the constructor, so a
/// <c>FakeTimeProvider</c> drives the timers completely.</para>
/// <para>Cost: an iteration costs what is ready and due, not what is registered; adds,
/// updates and removes cost one or two epoll_ctl calls and O(log n) heap work.</para>
/// </remarks>
public sealed partial class ReferenceEventLoop : EventImpl
{
    private readonly Lock _gate = new();
    private readonly LoopClock _clock;
    private readonly Epoll _epoll;
    private readonly WakeupSignal _wakeup;
    private readonly WatchTable _watches;
    private readonly TimerQueue _timers = new();
    private List<PendingFree> _pendingFrees = [];
    private List<PendingFree>? _spareFrees = [];
    private long _nextWatchId = 1;
    private long _nextTimerId = 1;
    private bool _disposed;
    private bool _kernelHandlesClosed;

    /// <summary>A loop on the real clock (<see cref="TimeProvider.System"/>).</summary>
    public ReferenceEventLoop()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A loop whose timers follow <paramref name="time"/>: pass a
    /// <c>FakeTimeProvider</c> to step it deterministically.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="time"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The kernel refused an epoll instance or an eventfd.</exception>
    public ReferenceEventLoop(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _clock = new LoopClock(time);
        _epoll = Epoll.Create();
        try
        {
            _wakeup = new WakeupSignal();
        }
        catch
        {
            _epoll.Close();
            throw;
        }

        if (_epoll.Control(Libc.EPOLL_CTL_ADD, _wakeup.Handle, Libc.EPOLLIN, WakeToken) != 0)
        {
            _wakeup.Close();
            _epoll.Close();
            throw new InvalidOperationException("epoll refused the loop's own eventfd.");
        }

        _watches = new WatchTable(_epoll);
    }

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/> (Readable and/or
    /// Writable; Error and Hangup are reported unasked, HANDLE-3).</summary>
    /// <returns>A new watch id, counting up from 1 and never reused (IDS-1, IDS-3, IDS-4); or -1,
    /// after which neither callback nor ff is ever called (IDS-7). -1 is returned for a negative
    /// fd (libvirt's own loop accepts one; we refuse it because epoll cannot watch it), for an fd
    /// epoll refuses (a regular file, a closed fd), for a null callback, and after
    /// <see cref="Dispose"/>.</returns>
    /// <remarks>Several watches may share one fd (HANDLE-8): the kernel is asked for the union of
    /// their masks, and each watch is called with its own mask's bits plus Error/Hangup. A mask of
    /// <see cref="HandleEvents.None"/> is dormant (HANDLE-4): when every watch on an fd is
    /// dormant the fd leaves epoll entirely, so not even an error or hangup is reported, as in
    /// libvirt's loops. The fd is still checked with epoll when the first watch on it is added,
    /// dormant or not.</remarks>
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        if (fd < 0 || callback is null)
        {
            return -1;
        }

        lock (_gate)
        {
            if (_disposed || _nextWatchId > int.MaxValue)
            {
                return -1;
            }

            var watch = new Watch((int)_nextWatchId, fd, events & EventBits.Defined, callback, opaque, ff);
            if (!_watches.TryAdd(watch))
            {
                return -1;
            }

            _nextWatchId++;
            WakeLoopIfBlocked();
            return watch.Id;
        }
    }

    /// <summary>Replaces a live watch's mask; dispatch follows the new mask alone from the next
    /// iteration (HANDLE-6), and a callback still to come in the current iteration is already
    /// filtered by it. An unknown, removed or non-positive id changes nothing and throws nothing
    /// (IDS-6).</summary>
    public override void UpdateHandle(int watch, HandleEvents events)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _watches.Update(watch, events & EventBits.Defined);
            WakeLoopIfBlocked();
        }
    }

    /// <summary>Removes a live watch: its callback is never called again, even if it was ready in
    /// the iteration now dispatching (FREE-1, THREAD-3).</summary>
    /// <returns>0 for a live watch; -1 for anything else (IDS-5).</returns>
    /// <remarks>The free callback is never called from in here (FREE-3): it is queued and runs at
    /// the end of the current or next <see cref="RunOnce"/>, at its top level, on the loop's
    /// thread, with no lock held (FREE-2, FREE-4, FREE-5, FREE-6, REENTRY-4). Removing a
    /// dormant watch works like any other (FREE-7); a null ff is simply skipped (FREE-8).</remarks>
    public override int RemoveHandle(int watch)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return -1;
            }

            Watch? removed = _watches.Remove(watch);
            if (removed is null)
            {
                return -1;
            }

            QueueFree(removed.Ff, removed.Opaque);
            WakeLoopIfBlocked();
            return 0;
        }
    }

    /// <summary>Adds a timer: <paramref name="frequency"/> -1 is disabled (TIMER-1; anything below
    /// -1 is taken as -1), 0 fires on every iteration (TIMER-2), N &gt; 0 fires on the first
    /// iteration at least N ms after now, then at least N ms after each firing, at most once per
    /// iteration (TIMER-3, TIMER-4). Deadlines are 64-bit, so <see cref="int.MaxValue"/> ms
    /// simply never comes (TIMER-9).</summary>
    /// <returns>A new timer id, counting up from 1 and never reused (IDS-2, IDS-3, IDS-4); or -1
    /// for a null callback or after <see cref="Dispose"/> (IDS-7).</returns>
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        if (callback is null)
        {
            return -1;
        }

        lock (_gate)
        {
            if (_disposed || _nextTimerId > int.MaxValue)
            {
                return -1;
            }

            var timer = new TimerEntry((int)_nextTimerId++, callback, opaque, ff);
            _timers.Add(timer, frequency, _clock.Now);
            WakeLoopIfBlocked();
            return timer.Id;
        }
    }

    /// <summary>Changes a live timer's frequency with effect from the next iteration (TIMER-5):
    /// -1 (or below) stops it at once, 0 makes it fire every iteration, N &gt; 0 restarts the
    /// interval from the moment of this call (TIMER-6). An unknown, removed or non-positive id
    /// changes nothing and throws nothing (IDS-6).</summary>
    public override void UpdateTimeout(int timer, int frequency)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _timers.Update(timer, frequency, _clock.Now);
            WakeLoopIfBlocked();
        }
    }

    /// <summary>Removes a live timer, with the same guarantees as <see cref="RemoveHandle"/>:
    /// never fired again (FREE-1, THREAD-3), ff queued for the end of an iteration, never called
    /// from in here (FREE-2..FREE-8).</summary>
    /// <returns>0 for a live timer; -1 for anything else (IDS-5).</returns>
    public override int RemoveTimeout(int timer)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return -1;
            }

            TimerEntry? removed = _timers.Remove(timer);
            if (removed is null)
            {
                return -1;
            }

            QueueFree(removed.Ff, removed.Opaque);
            WakeLoopIfBlocked();
            return 0;
        }
    }

    /// <summary>Shuts the loop: later adds and removes return -1, updates do nothing,
    /// <see cref="RunOnce"/> returns at once. Idempotent.</summary>
    /// <remarks>
    /// <para>LIFE-1: live registrations are dropped without calling their free callbacks (the
    /// owner still holds them live; libvirt never expects a free it did not ask for). Free
    /// callbacks already owed for registrations removed earlier are still called, once: here,
    /// on the calling thread, when no <see cref="RunOnce"/> is in progress; otherwise at the end
    /// of that RunOnce, on the loop's thread.</para>
    /// <para>The epoll fd and the eventfd are closed here, or, if a RunOnce is in progress (on
    /// another thread, or when Dispose is called from a callback), when it returns; a RunOnce
    /// blocked on another thread is woken for that.</para>
    /// </remarks>
    public override void Dispose()
    {
        List<PendingFree>? owed = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _watches.Clear();
            _timers.Clear();
            if (_depth == 0)
            {
                CloseKernelHandles();
                owed = TakePendingFrees();
            }
            else if (_runnerThread != Environment.CurrentManagedThreadId)
            {
                _wakeup.Signal();
            }
        }

        if (owed is not null)
        {
            RunFrees(owed);
        }

        base.Dispose();
    }

    private void QueueFree(FreeCallback? ff, object? opaque)
    {
        // A null ff owes nothing (FREE-8), and queuing it would only cost the next wait.
        if (ff is not null)
        {
            _pendingFrees.Add(new PendingFree(ff, opaque));
        }
    }

    /// <summary>Called under the lock after every change: if another thread's RunOnce may be
    /// blocked in epoll_wait, make sure it wakes (THREAD-2). The eventfd stays readable until the
    /// loop drains it, so one write covers any number of changes.</summary>
    private void WakeLoopIfBlocked()
    {
        if (_mayBlock && !_wakePending && _runnerThread != Environment.CurrentManagedThreadId)
        {
            _wakePending = true;
            _wakeup.Signal();
        }
    }

    private void CloseKernelHandles()
    {
        if (!_kernelHandlesClosed)
        {
            _kernelHandlesClosed = true;
            _wakeup.Close();
            _epoll.Close();
        }
    }
}
