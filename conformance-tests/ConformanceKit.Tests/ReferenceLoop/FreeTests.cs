using ConformanceKit.Native;
using ConformanceKit.Reference;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>FREE: removal and the free callback.</summary>
public sealed class FreeTests
{
    [Fact]
    public void FREE_1_WatchRemovedByAnEarlierCallbackOfTheSameIterationIsNotCalled()
    {
        using var rig = new LoopRig();
        (int a, _) = rig.SocketPair();
        (int c, _) = rig.SocketPair();
        int victim = 0;
        int remover = rig.Watch(a, HandleEvents.Writable, then: (_, _, _, _) => Assert.Equal(0, rig.Loop.RemoveHandle(victim)));
        victim = rig.Watch(c, HandleEvents.Writable);
        rig.Step();
        Assert.Equal(1, rig.Log.HandleCount(remover));
        Assert.Equal(0, rig.Log.HandleCount(victim));
    }

    [Fact]
    public void FREE_1_TimerRemovedByAnEarlierCallbackOfTheSameIterationIsNotFired()
    {
        using var rig = new LoopRig();
        int victimZero = 0;
        int victimPeriodic = 0;
        rig.Timer(0, then: (_, _) =>
        {
            rig.Loop.RemoveTimeout(victimZero);
            rig.Loop.RemoveTimeout(victimPeriodic);
        });
        victimZero = rig.Timer(0);
        victimPeriodic = rig.Timer(10);
        rig.Advance(10);
        rig.Steps(3);
        Assert.Equal(0, rig.Log.TimerCount(victimZero));
        Assert.Equal(0, rig.Log.TimerCount(victimPeriodic));
    }

    [Fact]
    public void FREE_1_RemovedBetweenIterationsIsNeverCalledAgain()
    {
        using var rig = new LoopRig();
        (int a, _) = rig.SocketPair();
        int w = rig.Watch(a, HandleEvents.Writable);
        int t = rig.Timer(0);
        rig.Step();
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        rig.Steps(3);
        Assert.Equal(1, rig.Log.HandleCount(w));
        Assert.Equal(1, rig.Log.TimerCount(t));
    }

    [Fact]
    public void FREE_2_FreeCallbackCalledExactlyOnceWithItsOpaque()
    {
        using var rig = new LoopRig();
        object watchOpaque = new();
        object timerOpaque = new();
        int w = rig.Watch(rig.EventFd(), HandleEvents.Readable, watchOpaque);
        int t = rig.Timer(100, timerOpaque);
        object liveOpaque = new();
        rig.Timer(0, liveOpaque);
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        Assert.Equal(-1, rig.Loop.RemoveHandle(w));
        rig.Steps(4);
        Assert.Equal(1, rig.Log.FreeCount(watchOpaque));
        Assert.Equal(1, rig.Log.FreeCount(timerOpaque));
        Assert.Equal(0, rig.Log.FreeCount(liveOpaque));
    }

    [Fact]
    public void FREE_3_FreeCallbackNeverRunsInsideRemove()
    {
        var log = new CallLog();
        using var loop = new ReferenceEventLoop(new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        bool insideRemove = false;
        bool freedInsideRemove = false;
        FreeCallback ff = log.Free(_ => freedInsideRemove |= insideRemove);
        int t = loop.AddTimeout(-1, log.Timer(), "t", ff);
        int fd = Fd.EventFd();
        try
        {
            int w = loop.AddHandle(fd, HandleEvents.Readable, log.Handle(), "w", ff);
            insideRemove = true;
            Assert.Equal(0, loop.RemoveTimeout(t));
            Assert.Equal(0, loop.RemoveHandle(w));
            insideRemove = false;
            Assert.Equal(0, log.Count(CallKind.Free));
            loop.RunOnce(TimeSpan.Zero);
            Assert.Equal(2, log.Count(CallKind.Free));
            Assert.False(freedInsideRemove);
        }
        finally
        {
            Fd.Close(fd);
        }
    }

    [Fact]
    public void FREE_3_FreeCallbackNeverRunsInsideRemoveCalledFromACallback()
    {
        using var rig = new LoopRig();
        int frees = -1;
        int t = rig.Timer(0, then: (id, _) =>
        {
            Assert.Equal(0, rig.Loop.RemoveTimeout(id));
            frees = rig.Log.Count(CallKind.Free);
        });
        rig.Step();
        Assert.Equal(0, frees);
        Assert.Equal(1, rig.Log.Count(CallKind.Free));
    }

    [Fact]
    public void FREE_4_FreeCallbackOfARemovalInsideACallbackRunsAtTopLevel()
    {
        using var rig = new LoopRig();
        (int a, _) = rig.SocketPair();
        int t = rig.Timer(0, then: (id, _) => rig.Loop.RemoveTimeout(id));
        int w = rig.Watch(a, HandleEvents.Writable, then: (id, _, _, _) => rig.Loop.RemoveHandle(id));
        rig.Step();
        List<Call> frees = rig.Log.Calls().FindAll(c => c.Kind == CallKind.Free);
        Assert.Equal(2, frees.Count);
        Assert.All(frees, f => Assert.Equal(0, f.Nesting));
        Assert.Equal(0, rig.Log.Overlaps);
        Assert.Equal(1, rig.Log.TimerCount(t));
        Assert.Equal(1, rig.Log.HandleCount(w));
    }

    [Fact]
    public void FREE_4_NestedRunOnceFromACallbackFreesNothing()
    {
        using var rig = new LoopRig();
        int victim = rig.Timer(-1);
        int nestedFrees = -1;
        rig.Timer(0, then: (id, _) =>
        {
            rig.Loop.RemoveTimeout(victim);
            rig.Loop.RemoveTimeout(id);
            rig.Loop.RunOnce(TimeSpan.Zero);
            nestedFrees = rig.Log.Count(CallKind.Free);
        });
        rig.Step();
        Assert.Equal(0, nestedFrees);
        Assert.Equal(2, rig.Log.Count(CallKind.Free));
    }

    [Fact]
    public void FREE_5_FreeCallbackRunsWithNoLoopLockHeld()
    {
        using var rig = LoopRig.RealClock();
        bool otherThreadGotIn = false;
        int t = rig.Loop.AddTimeout(-1, rig.Log.Timer(), null, _ =>
        {
            // Another thread calls into the loop while this ff waits for it: a loop holding its
            // lock here would keep that thread out, and the wait would time out.
            using var done = new ManualResetEventSlim();
            var other = new Thread(() =>
            {
                int id = rig.Loop.AddTimeout(-1, rig.Log.Timer(), null, null);
                rig.Loop.RemoveTimeout(id);
                done.Set();
            }) { IsBackground = true };
            other.Start();
            otherThreadGotIn = done.Wait(TimeSpan.FromSeconds(5));
        });
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        rig.Loop.RunOnce(TimeSpan.Zero);
        Assert.True(otherThreadGotIn);
    }

    [Fact]
    public void FREE_6_FreeCallbackRunsByTheEndOfTheNextIteration()
    {
        using var rig = new LoopRig();
        object opaque = new();
        int t = rig.Timer(1000, opaque);
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        rig.Step();
        Assert.Equal(1, rig.Log.FreeCount(opaque));
    }

    [Fact]
    public void FREE_6_FreeCallbackQueuedByAFreeCallbackRunsOneIterationLater()
    {
        using var rig = new LoopRig();
        object second = new();
        int t2 = rig.Timer(-1, second);
        int t1 = rig.Loop.AddTimeout(-1, rig.Log.Timer(), null, rig.Log.Free(_ => rig.Loop.RemoveTimeout(t2)));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t1));
        rig.Step();
        Assert.Equal(0, rig.Log.FreeCount(second));
        rig.Step();
        Assert.Equal(1, rig.Log.FreeCount(second));
    }

    [Fact]
    public void FREE_7_RemovingDisabledRegistrationsSucceedsAndFrees()
    {
        using var rig = new LoopRig();
        object watchOpaque = new();
        object timerOpaque = new();
        int w = rig.Watch(rig.EventFd(), HandleEvents.None, watchOpaque);
        int t = rig.Timer(-1, timerOpaque);
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        rig.Step();
        Assert.Equal(1, rig.Log.FreeCount(watchOpaque));
        Assert.Equal(1, rig.Log.FreeCount(timerOpaque));
    }

    [Fact]
    public void FREE_8_NullFreeCallbackIsAcceptedAndSkipped()
    {
        using var rig = new LoopRig();
        int fd = rig.EventFd();
        int w = rig.Loop.AddHandle(fd, HandleEvents.Readable, rig.Log.Handle(), null, null);
        int t = rig.Loop.AddTimeout(0, rig.Log.Timer(), null, null);
        Assert.True(w > 0 && t > 0);
        rig.Step();
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        rig.Steps(2);
        Assert.Equal(1, rig.Log.TimerCount(t));
    }
}
