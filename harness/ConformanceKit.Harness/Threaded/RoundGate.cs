using System.Diagnostics;

#pragma warning disable RS0030 // wall clock allowed in this file: the threaded tier runs real threads on the real clock

namespace ConformanceKit.Harness.Threaded;

/// <summary>Starts the worker threads of <see cref="ConcurrentChurn"/> on each round at the same
/// moment, so that their calls into the loop overlap; the last to arrive decides, through
/// <c>anotherRound</c>, whether there is one more round.</summary>
/// <remarks>
/// <para>A waiter first spins (up to <see cref="SpinLimit"/>), and only then blocks. With a plain
/// blocking barrier (<see cref="Barrier"/>) the threads woke one after another, tens of
/// microseconds apart, and each had finished its few adds into the reference loop before the next
/// was running: whole schedules of 1,000 adds saw no two adds in flight at once, and a fast loop
/// whose registry races would have gone free. Spinning waiters are already running on their cores
/// when the last one arrives.</para>
/// <para>Every wait gives up after the patience: a worker stuck in the loop under test must not
/// keep the others waiting for ever.</para>
/// </remarks>
internal sealed class RoundGate(int participants, TimeSpan patience, Func<bool> anotherRound)
{
    private static readonly TimeSpan SpinLimit = TimeSpan.FromMilliseconds(1);

    private readonly object _lock = new();
    private int _arrived;
    private int _generation;
    private bool _go = true;

    /// <summary>Arrives and waits for the others; true when another round starts, false when the
    /// rounds are over or someone did not arrive in time.</summary>
    public bool Arrive()
    {
        int generation = Volatile.Read(ref _generation);
        if (Interlocked.Increment(ref _arrived) == participants)
        {
            bool go = anotherRound();
            lock (_lock)
            {
                _go = go;
                _arrived = 0;
                Volatile.Write(ref _generation, generation + 1);
                Monitor.PulseAll(_lock);
            }

            return go;
        }

        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < SpinLimit)
        {
            if (Volatile.Read(ref _generation) != generation)
            {
                return Volatile.Read(ref _go);
            }

            Thread.SpinWait(10);
        }

        lock (_lock)
        {
            while (_generation == generation)
            {
                TimeSpan left = patience - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lock, left))
                {
                    return _generation != generation && _go;
                }
            }

            return _go;
        }
    }
}
