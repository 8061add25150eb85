using System.Diagnostics;
using ConformanceKit.Harness.Facts;

#pragma warning disable RS0030 // wall clock allowed in this file: the threaded tier runs real threads on the real clock

namespace ConformanceKit.Harness.Threaded;

/// <summary>FREE-5: "ff runs with none of the loop's own locks held: an ff that waits for another
/// thread which is calling into the loop does not deadlock." This is libvirt's RPC pattern: its
/// ff takes a lock that another thread holds while it calls into the loop.</summary>
internal sealed class FreeWaitsForOtherThread : ThreadedCase
{
    public override string Id => "FREE-5/ff-waits-for-thread-calling-loop";

    public override string Description => "a removed registration's ff waits for another thread that adds, updates and removes a timer";

    public override string Expectation => "the other thread's calls return while the ff waits";

    public override void Run(EventImpl loop, LoopHost host, int schedule, Random plan, List<Fact> facts)
    {
        using var other = new OtherThread();
        using var ffDone = new ManualResetEventSlim();
        bool completed = false;
        double waited = 0;
        int call = plan.Next(3);
        FreeCallback ff = _ =>
        {
            long t0 = Stopwatch.GetTimestamp();
            completed = other.RunAndWait(() =>
            {
                int t = loop.AddTimeout(-1, (_, _) => { }, null, null);
                if (call > 0)
                {
                    loop.UpdateTimeout(t, -1);
                }

                if (call > 1)
                {
                    loop.RemoveTimeout(t);
                }
            }, Patience);
            waited = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            ffDone.Set();
        };
        bool fromCallback = plan.Next(2) == 0;
        int id = -1;
        id = loop.AddTimeout(fromCallback ? 0 : -1, (timer, _) => loop.RemoveTimeout(timer), null, ff);
        if (!fromCallback && id > 0)
        {
            loop.RemoveTimeout(id);
        }

        // Wait for the ff itself, plus the time it may spend waiting.
        if (ffDone.Wait(Patience + Patience))
        {
            facts.Add(new FreeWaitObserved(facts.Count, 0, schedule, completed, waited));
        }
    }
}
