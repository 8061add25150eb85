namespace ConformanceKit.Harness.Threaded;

/// <summary>Wraps callbacks and ffs to count how many run at once and on which thread
/// (REENTRY-3, REENTRY-4).</summary>
internal sealed class CallbackProbe(Func<int> loopThreadId)
{
    private int _inFlight;
    private int _max;
    private int _count;
    private int _offThread;

    public int MaxConcurrent => Volatile.Read(ref _max);

    public int Count => Volatile.Read(ref _count);

    public int OffLoopThread => Volatile.Read(ref _offThread);

    public void Around(Action body)
    {
        int now = Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _count);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }

        if (Environment.CurrentManagedThreadId != loopThreadId())
        {
            Interlocked.Increment(ref _offThread);
        }

        try
        {
            body();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
