#pragma warning disable RS0030 // wall clock allowed in this file: the watchdog bounds a run in real time: a hung loop never moves the virtual clock

namespace ConformanceKit.Harness.Judging;

/// <summary>Runs work on a worker thread and gives up on it after a deadline, so that a loop that
/// never returns costs one case, not the run.</summary>
/// <remarks>A worker that timed out is abandoned (it is a background thread, so it cannot keep
/// the process alive) and the next job gets a fresh one. The deadline is wall-clock time on
/// purpose: it guards the harness, and nothing it measures enters a trace.</remarks>
public sealed class Watchdog : IDisposable
{
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

        public Worker()
        {
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

            // No spinning before blocking, on either side (issue 15, item 4): a spin saved the two
            // thread wake-ups of a blocking hand-off, but kept a second core busy for nothing. One
            // job then used 1.4 cores for 3.5% less wall time, and with --jobs there is no idle
            // core to spin on (docs/benchmarks.md, 2026-12-02 evening).
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
