using ConformanceKit.Native;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>LIFE (INFO): what the reference loop chose where the contract leaves it open.</summary>
public sealed class LifeTests
{
    [Fact]
    public void LIFE_1_DisposeDropsLiveRegistrationsWithoutFreeingThem_Info()
    {
        var rig = new LoopRig();
        object watchOpaque = new();
        object timerOpaque = new();
        int w = rig.Watch(rig.EventFd(), HandleEvents.Readable, watchOpaque);
        int t = rig.Timer(0, timerOpaque);
        rig.Dispose();
        rig.Dispose();
        Assert.Equal(0, rig.Log.Count(CallKind.Free));

        // Afterwards: adds and removes return -1, updates and RunOnce do nothing.
        Assert.Equal(-1, rig.Loop.RemoveHandle(w));
        Assert.Equal(-1, rig.Loop.RemoveTimeout(t));
        rig.Loop.UpdateHandle(w, HandleEvents.Writable);
        rig.Loop.UpdateTimeout(t, 0);
        rig.Loop.RunOnce(TimeSpan.Zero);
        rig.Loop.RunOnce(Timeout.InfiniteTimeSpan);
        Assert.Empty(rig.Log.Calls());
    }

    [Fact]
    public void LIFE_1_DisposeStillRunsFreeCallbacksAlreadyOwed_Info()
    {
        var rig = new LoopRig();
        object opaque = new();
        int t = rig.Timer(-1, opaque);
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        rig.Dispose();
        Assert.Equal(1, rig.Log.FreeCount(opaque));
    }

    [Fact]
    public void LIFE_1_DisposeFromInsideACallbackEndsTheIterationCleanly_Info()
    {
        using var rig = new LoopRig();
        object opaque = new();
        int removed = rig.Timer(-1, opaque);
        int later = 0;
        rig.Timer(0, then: (_, _) =>
        {
            rig.Loop.RemoveTimeout(removed);
            rig.Loop.Dispose();
        });
        later = rig.Timer(0);
        rig.Step();
        Assert.Equal(0, rig.Log.TimerCount(later));
        Assert.Equal(1, rig.Log.FreeCount(opaque));
        rig.Step();
    }

    [Fact]
    public void LIFE_2_ThrowingCallbackPropagatesAndLeavesTheLoopConsistent_Info()
    {
        using var rig = new LoopRig();
        bool thrown = false;
        object opaque = new();
        int victim = rig.Timer(-1, opaque);
        int thrower = rig.Timer(0, then: (_, _) =>
        {
            if (!thrown)
            {
                thrown = true;
                rig.Loop.RemoveTimeout(victim);
                throw new InvalidOperationException("boom");
            }
        });
        int periodic = rig.Timer(10);
        rig.Advance(10);
        Assert.Throws<InvalidOperationException>(rig.Step);
        Assert.Equal(0, rig.Log.TimerCount(periodic));
        Assert.Equal(0, rig.Log.FreeCount(opaque));

        // Next iteration: the due timer that was skipped fires, the owed ff runs.
        rig.Step();
        Assert.Equal(1, rig.Log.TimerCount(periodic));
        Assert.Equal(2, rig.Log.TimerCount(thrower));
        Assert.Equal(1, rig.Log.FreeCount(opaque));
    }

    [Fact]
    public void LIFE_3_WatchOnAnFdClosedWhileRegisteredGoesSilent_Info()
    {
        using var rig = new LoopRig();
        int fd = Fd.EventFd();
        object opaque = new();
        int w = rig.Watch(fd, HandleEvents.Readable, opaque);
        Fd.Signal(fd);
        Fd.Close(fd);     // epoll forgets a closed fd: no Error, unlike libvirt's poll loop
        rig.Steps(2);
        Assert.Equal(0, rig.Log.HandleCount(w));
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        rig.Step();
        Assert.Equal(1, rig.Log.FreeCount(opaque));
    }

    [Fact]
    public void LIFE_3_ReusedFdNumberWorksForANewWatch_Info()
    {
        using var rig = new LoopRig();
        int stale = Fd.EventFd();
        rig.Watch(stale, HandleEvents.Readable);
        Fd.Close(stale);

        // Whatever number the new eventfd gets (usually the same), a new watch on it must work:
        // the loop re-states the fd to epoll instead of trusting the dropped registration.
        int fresh = rig.EventFd();
        int w = rig.Watch(fresh, HandleEvents.Readable);
        Fd.Signal(fresh);
        rig.Step();
        Assert.Equal([HandleEvents.Readable], rig.Log.EventsOf(w));
    }
}
