using System.Collections.Concurrent;

namespace ConformanceKit.Harness.Threaded;

/// <summary>A thread that runs what it is handed, so a callback on the loop thread can make
/// another thread call into the loop and wait for it.</summary>
internal sealed class OtherThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public OtherThread()
    {
        _thread = new Thread(() =>
        {
            foreach (var a in _work.GetConsumingEnumerable())
            {
                try
                {
                    a();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The loop's call threw, or its adapter was killed while this thread waited in
                    // it: the case sees what the call did not do; the harness must not die of it.
                }
            }
        }) { IsBackground = true, Name = "conformancekit-other" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="action"/> there and waits up to <paramref name="patience"/>; true if it finished.</summary>
    public bool RunAndWait(Action action, TimeSpan patience)
    {
        var done = new ManualResetEventSlim();
        if (_work.IsAddingCompleted || !_work.TryAdd(() =>
        {
            try
            {
                action();
            }
            finally
            {
                done.Set();
            }
        }))
        {
            return false;
        }

        return done.Wait(patience);
    }

    /// <summary>No more work; a loop that calls an ff late (after its case ended) finds the thread
    /// gone and its wait fails, instead of throwing into the harness.</summary>
    public void Dispose() => _work.CompleteAdding();
}
