using System.Diagnostics;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Native;

#pragma warning disable RS0030 // wall clock allowed in this file: the threaded tier measures wake-up latency in real time (THREAD-2)

namespace ConformanceKit.Harness.Threaded;

/// <summary>THREAD-2: "a loop blocked with nothing to do wakes up when another thread adds a
/// ready watch or a frequency-0 timer, or removes a registration". Each change is made while
/// the loop has had time to block, and the time until it acts is measured.</summary>
internal sealed class WakeupLatency : ThreadedCase
{
    /// <summary>How long the loop is left alone first, so that it is blocked in its wait.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(5);

    public override string Id => "THREAD-2/wakeup-from-other-thread";

    public override string Description => "the loop is blocked with nothing due; another thread adds a frequency-0 timer, adds a ready watch, removes a registration";

    public override string Expectation => "each change takes effect promptly (bound: 100 ms on the real clock)";

    public override void Run(EventImpl loop, LoopHost host, int schedule, Random plan, List<Fact> facts)
    {
        var order = new[] { 0, 1, 2 }.OrderBy(_ => plan.Next()).ToArray();
        foreach (int change in order)
        {
            Thread.Sleep(Settle);
            var (what, latency) = change switch
            {
                0 => ("frequency-0 timer added", TimerAdded(loop)),
                1 => ("ready watch added", WatchAdded(loop)),
                _ => ("registration removed", Removed(loop)),
            };
            facts.Add(new WakeupMeasured(facts.Count, 0, schedule, what, latency));
            if (latency is null)
            {
                break; // the loop sleeps through changes: shown; the others would only cost patience
            }
        }
    }

    private static double? TimerAdded(EventImpl loop)
    {
        using var fired = new ManualResetEventSlim();
        long t0 = Stopwatch.GetTimestamp();
        int id = loop.AddTimeout(0, (_, _) => fired.Set(), null, null);
        double? latency = fired.Wait(Patience) ? Stopwatch.GetElapsedTime(t0).TotalMilliseconds : null;
        if (id > 0)
        {
            loop.RemoveTimeout(id);
        }

        return latency;
    }

    private static double? WatchAdded(EventImpl loop)
    {
        int fd = Fd.EventFd();
        try
        {
            Fd.Signal(fd);
            using var called = new ManualResetEventSlim();
            long t0 = Stopwatch.GetTimestamp();
            int id = loop.AddHandle(fd, HandleEvents.Readable, (_, _, _, _) => called.Set(), null, null);
            double? latency = called.Wait(Patience) ? Stopwatch.GetElapsedTime(t0).TotalMilliseconds : null;
            if (id > 0)
            {
                loop.RemoveHandle(id);
            }

            ConcurrentChurn.WaitOneIteration(loop); // the fd is closed only once the loop let go of it
            return latency;
        }
        finally
        {
            Fd.Close(fd);
        }
    }

    private static double? Removed(EventImpl loop)
    {
        using var freed = new ManualResetEventSlim();
        int id = loop.AddTimeout(-1, (_, _) => { }, null, _ => freed.Set());
        Thread.Sleep(Settle);
        long t0 = Stopwatch.GetTimestamp();
        return loop.RemoveTimeout(id) == 0 && freed.Wait(Patience) ? Stopwatch.GetElapsedTime(t0).TotalMilliseconds : null;
    }
}
