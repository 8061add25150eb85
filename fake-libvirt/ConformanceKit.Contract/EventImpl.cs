namespace ConformanceKit;

/// <summary>
/// An event loop that libvirt can use: the six functions of
/// <c>virEventRegisterImpl</c> (as Perl's <c>Sys::Virt::EventImpl</c> names them)
/// plus one iteration, <see cref="RunOnce"/>.
/// </summary>
/// <remarks>
/// <para>libvirt is the client: it adds, updates and removes watches and timers,
/// possibly from inside their own callbacks (REENTRY-1) and from other threads
/// (THREAD-1). The loop calls back through <see cref="RunHandleCallback"/>,
/// <see cref="RunTimeoutCallback"/> and <see cref="FreeCallbackOpaque"/>.</para>
/// <para>Loading convention: a public constructor taking a <see cref="TimeProvider"/>
/// makes a loop eligible for the deterministic tier (ConformanceKit then passes a
/// virtual clock and steps the loop with <c>RunOnce(TimeSpan.Zero)</c>); a
/// parameterless constructor means the real clock only.</para>
/// <para>The virtual clock starts at 2000-01-01T00:00:00Z, and its
/// <see cref="TimeProvider.GetTimestamp"/> counts ticks from year 1 (about 6.3e17 there,
/// beyond the 2^53 that a <see cref="double"/> holds exactly). Keep due times in integer
/// ticks, or measure with <see cref="TimeProvider.GetElapsedTime(long)"/>: a conversion such
/// as <c>(long)(GetTimestamp() * 1000.0 / TimestampFrequency)</c> is inexact there, and
/// truncating it loses a millisecond, which fires a timer 1 ms early (TIMER-3).</para>
/// </remarks>
public abstract class EventImpl : IDisposable
{
    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/>.</summary>
    /// <returns>A watch id greater than 0, unique among live watches and best never reused
    /// (IDS-1, IDS-3, IDS-4); or exactly -1 on error, in which case neither
    /// <paramref name="callback"/> nor <paramref name="ff"/> is ever called (IDS-7).</returns>
    /// <remarks>A mask of <see cref="HandleEvents.None"/> adds a dormant watch (HANDLE-4).
    /// One fd may carry several watches (HANDLE-8). <paramref name="ff"/> may be null (FREE-8).</remarks>
    public abstract int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff);

    /// <summary>Replaces the mask of a live watch; from the next iteration dispatch follows
    /// the new mask alone (HANDLE-6).</summary>
    /// <remarks>An unknown or removed id changes nothing and throws nothing (IDS-6).</remarks>
    public abstract void UpdateHandle(int watch, HandleEvents events);

    /// <summary>Removes a watch: its callback is never called again (FREE-1) and its free
    /// callback runs exactly once, later, from the loop's top level (FREE-2..FREE-6).</summary>
    /// <returns>0 for a live watch, -1 for anything else (IDS-5).</returns>
    public abstract int RemoveHandle(int watch);

    /// <summary>Adds a timer firing every <paramref name="frequency"/> ms: -1 never
    /// (TIMER-1), 0 on every iteration (TIMER-2), N &gt; 0 every N ms, at most once per
    /// iteration (TIMER-3, TIMER-4), without overflow up to <see cref="int.MaxValue"/> (TIMER-9).</summary>
    /// <returns>A timer id greater than 0 (IDS-2), or exactly -1 on error (IDS-7).</returns>
    public abstract int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff);

    /// <summary>Changes a timer's frequency from the next iteration (TIMER-5); N &gt; 0
    /// restarts the interval from now (TIMER-6).</summary>
    /// <remarks>An unknown or removed id changes nothing and throws nothing (IDS-6).</remarks>
    public abstract void UpdateTimeout(int timer, int frequency);

    /// <summary>Removes a timer, with the same free-callback rules as <see cref="RemoveHandle"/>.</summary>
    /// <returns>0 for a live timer, -1 for anything else (IDS-5).</returns>
    public abstract int RemoveTimeout(int timer);

    /// <summary>Runs one iteration: waits at most <paramref name="maxWait"/> for an fd to be
    /// ready or a timer to fall due, dispatches what is due, then runs the free callbacks
    /// of removed registrations, and returns.</summary>
    /// <remarks>Never blocks longer than <paramref name="maxWait"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits until something is due, and a change
    /// made from another thread must end that wait (THREAD-2).</remarks>
    public abstract void RunOnce(TimeSpan maxWait);

    /// <summary>Calls a handle callback. Loops call back through here so that every
    /// dispatch has one place to be observed (the <c>_run_handle_callback</c> of Sys::Virt).</summary>
    protected void RunHandleCallback(int watch, int fd, HandleEvents events, HandleCallback callback, object? opaque)
    {
        ArgumentNullException.ThrowIfNull(callback);
        callback(watch, fd, events, opaque);
    }

    /// <summary>Calls a timeout callback (the <c>_run_timeout_callback</c> of Sys::Virt).</summary>
    protected void RunTimeoutCallback(int timer, TimeoutCallback callback, object? opaque)
    {
        ArgumentNullException.ThrowIfNull(callback);
        callback(timer, opaque);
    }

    /// <summary>Calls a free callback if there is one (FREE-8: null is accepted and skipped);
    /// the <c>_free_callback_opaque</c> of Sys::Virt.</summary>
    protected void FreeCallbackOpaque(FreeCallback? ff, object? opaque) => ff?.Invoke(opaque);

    /// <summary>Releases the loop and its kernel handles. What happens to live
    /// registrations here is the loop's choice and is only recorded (LIFE-1).</summary>
    /// <remarks>Virtual, not the two-method dispose pattern, because the contract's public
    /// shape is fixed: loops written elsewhere override exactly this member.</remarks>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
