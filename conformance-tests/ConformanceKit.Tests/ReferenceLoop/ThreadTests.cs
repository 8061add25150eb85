using System.Collections.Concurrent;
using ConformanceKit.Native;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>THREAD: calls from other threads, on the real clock, with generous bounds.</summary>
public sealed class ThreadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public void THREAD_1_ConcurrentAddsAndRemovesLoseNothingAndKeepIdsUnique()
    {
        using var rig = LoopRig.RealClock();
        int fd = rig.EventFd();
        var watchIds = new ConcurrentBag<int>();
        var timerIds = new ConcurrentBag<int>();
        int failedRemoves = 0;
        using (var loop = new LoopThread(rig.Loop, TimeSpan.FromMilliseconds(5)))
        {
            var workers = new Thread[2];
            for (int n = 0; n < workers.Length; n++)
            {
                workers[n] = new Thread(() =>
                {
                    var mine = new List<(int W, int T)>();
                    for (int i = 0; i < 500; i++)
                    {
                        int w = rig.Watch(fd, i % 2 == 0 ? HandleEvents.Readable : HandleEvents.None);
                        int t = rig.Timer(i % 3 - 1);
                        watchIds.Add(w);
                        timerIds.Add(t);
                        mine.Add((w, t));
                        rig.Loop.UpdateTimeout(t, 0);
                    }

                    foreach ((int w, int t) in mine)
                    {
                        if (rig.Loop.RemoveHandle(w) != 0 || rig.Loop.RemoveTimeout(t) != 0)
                        {
                            Interlocked.Increment(ref failedRemoves);
                        }
                    }
                }) { IsBackground = true };
                workers[n].Start();
            }

            foreach (Thread worker in workers)
            {
                Assert.True(worker.Join(TimeSpan.FromSeconds(20)));
            }

            Assert.True(loop.WaitIterations(2));
            Assert.Null(loop.Failure);
        }

        Assert.Equal(0, failedRemoves);
        Assert.Equal(1000, watchIds.Distinct().Count());
        Assert.Equal(1000, timerIds.Distinct().Count());
        Assert.DoesNotContain(watchIds, id => id <= 0);
        Assert.DoesNotContain(timerIds, id => id <= 0);
        Assert.Equal(2000, rig.Log.Count(CallKind.Free));
    }

    [Fact]
    public void THREAD_2_BlockedLoopWakesForAFrequencyZeroTimerAddedElsewhere()
    {
        using var rig = LoopRig.RealClock();
        using var fired = new ManualResetEventSlim();
        RunBlockedLoop(rig, () => rig.Loop.AddTimeout(0, (_, _) => fired.Set(), null, null), fired);
    }

    [Fact]
    public void THREAD_2_BlockedLoopWakesForAReadyWatchAddedElsewhere()
    {
        using var rig = LoopRig.RealClock();
        using var fired = new ManualResetEventSlim();
        int fd = rig.EventFd();
        Fd.Signal(fd);
        RunBlockedLoop(rig, () => rig.Loop.AddHandle(fd, HandleEvents.Readable, (_, _, _, _) => fired.Set(), null, null), fired);
    }

    [Fact]
    public void THREAD_2_BlockedLoopWakesToFreeARegistrationRemovedElsewhere()
    {
        using var rig = LoopRig.RealClock();
        using var freed = new ManualResetEventSlim();
        int t = rig.Loop.AddTimeout(-1, (_, _) => { }, null, _ => freed.Set());
        RunBlockedLoop(rig, () => rig.Loop.RemoveTimeout(t), freed);
    }

    [Fact]
    public void THREAD_2_BlockedLoopWakesForATimerUpdatedToZeroElsewhere()
    {
        // libvirt's event queue timer: parked at -1, set to 0 from another thread.
        using var rig = LoopRig.RealClock();
        using var fired = new ManualResetEventSlim();
        int t = rig.Loop.AddTimeout(-1, (_, _) => fired.Set(), null, null);
        RunBlockedLoop(rig, () => rig.Loop.UpdateTimeout(t, 0), fired);
    }

    [Fact]
    public void THREAD_3_NoInvocationStartsAfterRemoveReturnedOnAnotherThread()
    {
        // The removes are made while the loop is parked inside a gate callback of an iteration in
        // which both registrations are due, so "remove returned" happens-before anything the loop
        // does next. Reading a flag at the top of a free-running callback would not do: the loop
        // may legitimately commit to a call just before remove returns and the callback's first
        // instruction run just after (CI saw exactly that once).
        using var rig = LoopRig.RealClock();
        (int a, _) = rig.SocketPair();
        using var parked = new ManualResetEventSlim();
        using var gateOpen = new ManualResetEventSlim();
        int armed = 0;
        int removed = 0;
        int lateCalls = 0;
        void Late()
        {
            if (Volatile.Read(ref removed) == 1)
            {
                Interlocked.Increment(ref lateCalls);
            }
        }

        int w = rig.Loop.AddHandle(a, HandleEvents.Writable, (_, _, _, _) => Late(), null, null);
        int t = rig.Loop.AddTimeout(0, (_, _) => Late(), null, null);
        rig.Loop.AddTimeout(0, (_, _) =>
        {
            if (Interlocked.Exchange(ref armed, 0) == 1)
            {
                parked.Set();
                gateOpen.Wait(Bound);
            }
        }, null, null);
        using var loop = new LoopThread(rig.Loop, TimeSpan.Zero);
        Assert.True(loop.WaitIterations(20));
        Volatile.Write(ref armed, 1);
        Assert.True(parked.Wait(Bound));
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        Volatile.Write(ref removed, 1);
        gateOpen.Set();
        Assert.True(loop.WaitIterations(20));
        Assert.True(loop.Stop());
        Assert.Equal(0, lateCalls);
    }

    /// <summary>Runs one RunOnce(Infinite) on its own thread with nothing due, makes a change from
    /// this thread, and asserts that the loop reacts within <see cref="Bound"/>. Without a wakeup
    /// the iteration would block for ever.</summary>
    private static void RunBlockedLoop(LoopRig rig, Action change, ManualResetEventSlim reacted)
    {
        using var entering = new ManualResetEventSlim();
        using var returned = new ManualResetEventSlim();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                entering.Set();
                rig.Loop.RunOnce(Timeout.InfiniteTimeSpan);
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                returned.Set();
            }
        }) { IsBackground = true };
        thread.Start();
        Assert.True(entering.Wait(Bound));

        // Give the loop a moment to block in epoll_wait, so the wakeup path is what is tested.
        // Correctness does not depend on it: a change made before the wait starts is seen too.
        Assert.False(returned.Wait(TimeSpan.FromMilliseconds(100)), "RunOnce(Infinite) returned with nothing to do");
        change();
        Assert.True(reacted.Wait(Bound), "the blocked loop did not react to a change from another thread");
        Assert.True(returned.Wait(Bound));
        Assert.Null(failure);
    }
}
