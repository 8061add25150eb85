using ConformanceKit.Reference;

namespace ConformanceKit.Tests.ReferenceLoop.Support;

/// <summary>Runs a loop on a dedicated background thread, iteration after iteration, until
/// stopped; a broken loop that never returns cannot keep the test process alive.</summary>
internal sealed class LoopThread : IDisposable
{
    private readonly ReferenceEventLoop _loop;
    private readonly TimeSpan _maxWait;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private volatile bool _stop;
    private int _iterations;

    public LoopThread(ReferenceEventLoop loop, TimeSpan maxWait)
    {
        _loop = loop;
        _maxWait = maxWait;
        _thread = new Thread(Run) { IsBackground = true, Name = "reference-loop" };
        _thread.Start();
        Assert.True(_started.Wait(TimeSpan.FromSeconds(5)), "loop thread did not start");
    }

    public int ManagedThreadId { get; private set; }

    public Exception? Failure { get; private set; }

    public int Iterations => Volatile.Read(ref _iterations);

    /// <summary>Waits (up to 5 s) until the loop has completed <paramref name="more"/> further
    /// iterations, so that everything queued before the call has been dispatched and freed.</summary>
    public bool WaitIterations(int more)
    {
        int target = Iterations + more;
        return SpinWait.SpinUntil(() => Iterations >= target || Failure is not null, TimeSpan.FromSeconds(5)) && Failure is null;
    }

    /// <summary>Stops the loop thread and waits for it (the short maxWait bounds how long).</summary>
    public bool Stop()
    {
        _stop = true;
        return _thread.Join(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        Stop();
        _started.Dispose();
    }

    private void Run()
    {
        ManagedThreadId = Environment.CurrentManagedThreadId;
        _started.Set();
        try
        {
            while (!_stop)
            {
                _loop.RunOnce(_maxWait);
                Interlocked.Increment(ref _iterations);
            }
        }
        catch (Exception e)
        {
            Failure = e;
        }
    }
}
