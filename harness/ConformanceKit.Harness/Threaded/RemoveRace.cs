using ConformanceKit.Harness.Facts;
using ConformanceKit.Native;

namespace ConformanceKit.Harness.Threaded;

/// <summary>THREAD-3: "after remove has returned on another thread, no new invocation of that
/// callback starts." Two registrations fall due in the same iteration; whichever is called first
/// has another thread remove the second and waits until that remove has returned; the second
/// must then not be called. The happens-before is explicit, so the check has no timing window.</summary>
internal sealed class RemoveRace : ThreadedCase
{
    public override string Id => "THREAD-3/remove-from-other-thread-during-dispatch";

    public override string Description => "two registrations due in one iteration; the first one's callback has another thread remove the second";

    public override string Expectation => "once that remove returned, the second is not called back";

    public override void Run(EventImpl loop, LoopHost host, int schedule, Random plan, List<Fact> facts)
    {
        bool watches = plan.Next(2) == 0;
        using var other = new OtherThread();
        using var gateOpen = new ManualResetEventSlim();
        using var parked = new ManualResetEventSlim();
        int fd = Fd.EventFd();
        Fd.Signal(fd);
        int[] ids = [-1, -1];
        int first = -1;
        bool removeReturned = false;
        int removeResult = int.MinValue;
        bool startedAfterRemove = false;
        bool removedWhileParked = false;
        using var done = new ManualResetEventSlim();

        void OnCall(int me)
        {
            if (first == -1)
            {
                first = me;
                int victim = 1 - me;
                // Only a remove that returned while this callback held the loop gives the explicit
                // happens-before; one that came late (the other thread stalled past the patience)
                // races with dispatch as any free-running remove does, and proves nothing.
                removedWhileParked = other.RunAndWait(() =>
                {
                    removeResult = watches ? loop.RemoveHandle(ids[victim]) : loop.RemoveTimeout(ids[victim]);
                    Volatile.Write(ref removeReturned, true);
                }, Patience);
                done.Set();
            }
            else if (me != first && removedWhileParked && removeResult == 0)
            {
                startedAfterRemove = true;
            }
        }

        try
        {
            // Park the loop inside a callback so both registrations are added before its next iteration.
            int gate = loop.AddTimeout(0, (_, _) =>
            {
                parked.Set();
                gateOpen.Wait(Patience);
            }, null, null);
            if (!parked.Wait(Patience))
            {
                return; // the loop never ran the gate: nothing to race (THREAD-2 shows why)
            }

            for (int i = 0; i < 2; i++)
            {
                int me = i;
                ids[i] = watches
                    ? loop.AddHandle(fd, HandleEvents.Readable, (_, _, _, _) => OnCall(me), null, null)
                    : loop.AddTimeout(0, (_, _) => OnCall(me), null, null);
            }

            loop.RemoveTimeout(gate);
            gateOpen.Set();
            if (!done.Wait(Patience) || !ConcurrentChurn.WaitOneIteration(loop) || !removedWhileParked)
            {
                return;
            }

            facts.Add(new RemoveRaceObserved(facts.Count, 0, schedule, Volatile.Read(ref removeReturned), removeResult, startedAfterRemove));
            foreach (int id in ids.Where(id => id > 0))
            {
                _ = watches ? loop.RemoveHandle(id) : loop.RemoveTimeout(id);
            }

            ConcurrentChurn.WaitOneIteration(loop);
        }
        finally
        {
            gateOpen.Set();
            Fd.Close(fd);
        }
    }
}
