namespace ConformanceKit.Harness.Threaded;

/// <summary>Runs a loop on a thread of its own, <c>RunOnce(Timeout.InfiniteTimeSpan)</c> again and
/// again, as an application does; other threads call into it meanwhile.</summary>
/// <remarks>Stopping sets a flag and adds a frequency-0 timer from the stopping thread, which a
/// conforming loop must wake up for (THREAD-2). A loop that does not stop in time is abandoned
/// (its thread is a background thread) and <see cref="Stop"/> says so.</remarks>
public sealed class LoopHost
{
    private readonly EventImpl _loop;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private volatile bool _stop;

    public LoopHost(EventImpl loop)
    {
        _loop = loop;
        _thread = new Thread(Run) { IsBackground = true, Name = "conformancekit-loop" };
        _thread.Start();
        _started.Wait();
    }

    public int ThreadId { get; private set; }

    /// <summary>An exception that escaped RunOnce, if any.</summary>
    public Exception? Error { get; private set; }

    /// <summary>True once the loop thread left its RunOnce loop.</summary>
    public bool Stopped => !_thread.IsAlive;

    public bool Stop(TimeSpan deadline)
    {
        _stop = true;
        int wake = -1;
        try
        {
            wake = _loop.AddTimeout(0, (_, _) => { }, null, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A loop that throws here will be judged elsewhere; the join below decides.
        }

        bool joined = _thread.Join(deadline);
        if (joined && wake > 0)
        {
            _loop.RemoveTimeout(wake);
        }

        return joined;
    }

    private void Run()
    {
        ThreadId = Environment.CurrentManagedThreadId;
        _started.Set();
        try
        {
            while (!_stop)
            {
                _loop.RunOnce(Timeout.InfiniteTimeSpan);
            }
        }
        catch (Exception e)
        {
            Error = e;
        }
    }
}
