#pragma warning disable RS0030 // wall clock allowed in this file: the watchdog bounds a run in real time: a hung loop never moves the virtual clock

namespace ConformanceKit.Harness.Judging;

/// <summary>Runs work on a worker thread and gives up on it after a deadline, so that a loop that
/// never returns costs one case, not the run.</summary>
/// <remarks>A worker that timed out is abandoned (it is a background thread, so it cannot keep
/// the process alive) and the next job gets a fresh one. The deadline is wall-clock time on
/// purpose: it guards the harness, and nothing it measures enters a trace.</remarks>
public sealed class Watchdog : IDisposable
{
    /// <summary>Whether the two sides of a hand-off spin for a moment before they block (true by
    /// default). A spin uses a core the loop is not using; with several workers on the cores
    /// (<c>--jobs</c>) there is none, and the spins would slow the work they wait for.</summary>
    public static bool Spins { get; set; } = true;

    private readonly TimeSpan _deadline;
    private Worker? _worker;

    public Watchdog(TimeSpan deadline) => _deadline = deadline;

    /// <summary>Runs <paramref name="job"/>; false if it did not finish in time. Exceptions from
    /// the job are rethrown here.</summary>
    public bool TryRun(Action job)
    {
        _worker ??= new Worker();
        var w = _worker;
        if (w.Run(job, _deadline))
        {
            return true;
        }

        _worker = null; // abandoned: still stuck inside the loop under test
        return false;
    }

    public void Dispose() => _worker?.Stop();

    private sealed class Worker
    {
        private readonly object _gate = new(); // a plain monitor: Lock does not support Monitor.Wait
        private readonly Thread _thread;
        private Action? _job;
        private Exception? _error;
        private bool _done;
        private bool _stop;
        private readonly Func<bool> _isDone;
        private readonly Func<bool> _hasWork;

        public Worker()
        {
            _isDone = () => Volatile.Read(ref _done);
            _hasWork = () => Volatile.Read(ref _job) is not null || Volatile.Read(ref _stop);
            _thread = new Thread(Loop) { IsBackground = true, Name = "conformancekit-case" };
            _thread.Start();
        }

        public bool Run(Action job, TimeSpan deadline)
        {
            lock (_gate)
            {
                _job = job;
                _done = false;
                _error = null;
                Monitor.PulseAll(_gate);
            }

            // Most jobs (one generated scenario) take a few hundred microseconds: waiting for them
            // by spinning first saves the two thread wake-ups a blocking hand-off costs (about
            // 45 us on this kind of VM, measured by EngineBenchmarks.WatchdogHandOff).
            SpinBriefly(_isDone);
            lock (_gate)
            {
                if (deadline == Timeout.InfiniteTimeSpan)
                {
                    while (!_done)
                    {
                        Monitor.Wait(_gate);
                    }
                }
                else
                {
                    long until = Environment.TickCount64 + (long)deadline.TotalMilliseconds;
                    while (!_done)
                    {
                        long left = until - Environment.TickCount64;
                        if (left <= 0)
                        {
                            return false;
                        }

                        Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
                    }
                }

                if (_error is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
                }

                return true;
            }
        }

        /// <summary>How long a side spins before it blocks: longer than the caller's work between
        /// two scenarios and than most scenarios, short against a case's deadline.</summary>
        private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 2_000; // 0.5 ms

        private static void SpinBriefly(Func<bool> ready)
        {
            if (!Watchdog.Spins)
            {
                return;
            }

            long until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            var spin = default(SpinWait);
            while (!ready() && System.Diagnostics.Stopwatch.GetTimestamp() < until)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                _stop = true;
                Monitor.PulseAll(_gate);
            }
        }

        private void Loop()
        {
            while (true)
            {
                Action job;
                SpinBriefly(_hasWork);
                lock (_gate)
                {
                    while (_job is null && !_stop)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stop)
                    {
                        return;
                    }

                    job = _job!;
                    _job = null;
                }

                Exception? error = null;
                try
                {
                    job();
                }
                catch (Exception e)
                {
                    error = e;
                }

                lock (_gate)
                {
                    _error = error;
                    _done = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
