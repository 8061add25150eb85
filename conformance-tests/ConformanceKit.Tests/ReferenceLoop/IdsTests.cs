using ConformanceKit.Native;
using ConformanceKit.Reference;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>IDS: ids and return codes of the reference loop.</summary>
public sealed class IdsTests
{
    [Fact]
    public void IDS_1_AddHandleReturnsPositiveIdsCountingFromOne()
    {
        using var rig = new LoopRig();
        (int a, _) = rig.SocketPair();
        Assert.Equal(1, rig.Watch(a, HandleEvents.Readable));
        Assert.Equal(2, rig.Watch(a, HandleEvents.Writable));
        Assert.Equal(3, rig.Watch(a, HandleEvents.None));
    }

    [Fact]
    public void IDS_1_AddHandleRefusesNegativeFdWithMinusOne()
    {
        using var rig = new LoopRig();
        Assert.Equal(-1, rig.Watch(-1, HandleEvents.Readable));
        Assert.Equal(-1, rig.Watch(-5, HandleEvents.None));
    }

    [Fact]
    public void IDS_1_AddHandleRefusesFdsEpollCannotWatchWithMinusOne()
    {
        using var rig = new LoopRig();
        // Far above the open-files limit, so no parallel test can make it valid.
        const int closed = 1_000_000;
        string path = Path.GetTempFileName();
        try
        {
            using FileStream file = File.OpenRead(path);
            int regular = (int)file.SafeFileHandle.DangerousGetHandle();
            Assert.Equal(-1, rig.Watch(closed, HandleEvents.Readable));
            Assert.Equal(-1, rig.Watch(closed, HandleEvents.None));
            Assert.Equal(-1, rig.Watch(regular, HandleEvents.Readable));
            Assert.Equal(-1, rig.Watch(regular, HandleEvents.None));
        }
        finally
        {
            File.Delete(path);
        }

        // A refused add consumes no id.
        Assert.Equal(1, rig.Watch(rig.EventFd(), HandleEvents.Readable));
    }

    [Fact]
    public void IDS_2_AddTimeoutReturnsPositiveIdsOnItsOwnCounter()
    {
        using var rig = new LoopRig();
        Assert.Equal(1, rig.Watch(rig.EventFd(), HandleEvents.Readable));
        Assert.Equal(1, rig.Timer(-1));
        Assert.Equal(2, rig.Timer(0));
        Assert.Equal(3, rig.Timer(1000));
        Assert.Equal(2, rig.Watch(rig.EventFd(), HandleEvents.Readable));
    }

    [Fact]
    public void IDS_3_LiveIdsAreUniqueUnderChurn()
    {
        using var rig = new LoopRig();
        int fd = rig.EventFd();
        var watches = new HashSet<int>();
        var timers = new HashSet<int>();
        for (int i = 0; i < 200; i++)
        {
            Assert.True(watches.Add(rig.Watch(fd, HandleEvents.Readable)));
            Assert.True(timers.Add(rig.Timer(i % 3 - 1)));
            if (i % 3 == 0)
            {
                int w = watches.First();
                Assert.Equal(0, rig.Loop.RemoveHandle(w));
                watches.Remove(w);
                int t = timers.First();
                Assert.Equal(0, rig.Loop.RemoveTimeout(t));
                timers.Remove(t);
            }
        }

        Assert.DoesNotContain(-1, watches);
        Assert.DoesNotContain(-1, timers);
    }

    [Fact]
    public void IDS_4_IdsAreNeverReused()
    {
        using var rig = new LoopRig();
        int fd = rig.EventFd();
        int seen = 0;
        for (int i = 0; i < 50; i++)
        {
            int w = rig.Watch(fd, HandleEvents.Readable);
            int t = rig.Timer(0);
            Assert.True(w > seen && t > seen);
            seen = Math.Max(w, t);
            Assert.Equal(0, rig.Loop.RemoveHandle(w));
            Assert.Equal(0, rig.Loop.RemoveTimeout(t));
            rig.Step();
        }
    }

    [Fact]
    public void IDS_5_RemoveReturnsZeroForLiveAndMinusOneForAnythingElse()
    {
        using var rig = new LoopRig();
        int w = rig.Watch(rig.EventFd(), HandleEvents.Readable);
        int t = rig.Timer(-1);
        foreach (int bogus in new[] { 0, -1, -7, 99, int.MaxValue, int.MinValue })
        {
            Assert.Equal(-1, rig.Loop.RemoveHandle(bogus));
            Assert.Equal(-1, rig.Loop.RemoveTimeout(bogus));
        }

        // Separate counters: timer id 1 is not a watch id once the watch is gone, and vice versa.
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(-1, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        Assert.Equal(-1, rig.Loop.RemoveTimeout(t));
    }

    [Fact]
    public void IDS_6_UpdateOfUnknownOrRemovedIdChangesNothingAndNeverResurrects()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        Fd.Write(b, 1);
        int w = rig.Watch(a, HandleEvents.None);
        int t = rig.Timer(-1);
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));

        foreach (int id in new[] { w, t, 0, -1, 42 })
        {
            rig.Loop.UpdateHandle(id, HandleEvents.Readable | HandleEvents.Writable);
            rig.Loop.UpdateTimeout(id, 0);
        }

        rig.Steps(3);
        Assert.Equal(0, rig.Log.HandleCount(w));
        Assert.Equal(0, rig.Log.TimerCount(t));
        Assert.Equal(-1, rig.Loop.RemoveHandle(w));
        Assert.Equal(-1, rig.Loop.RemoveTimeout(t));
    }

    [Fact]
    public void IDS_7_FailedAddNeverCallsBackNorFrees()
    {
        var log = new CallLog();
        var rig = new LoopRig();
        object opaque = new();
        Assert.Equal(-1, rig.Loop.AddHandle(-3, HandleEvents.Readable, log.Handle(), opaque, log.Free()));
        rig.Steps(2);
        rig.Dispose();
        Assert.Equal(-1, rig.Loop.AddHandle(0, HandleEvents.Readable, log.Handle(), opaque, log.Free()));
        Assert.Equal(-1, rig.Loop.AddTimeout(0, log.Timer(), opaque, log.Free()));
        rig.Loop.RunOnce(TimeSpan.Zero);
        Assert.Empty(log.Calls());
    }

    [Fact]
    public void IDS_7_NullCallbackIsRefusedWithMinusOne()
    {
        using var loop = new ReferenceEventLoop();
        Assert.Equal(-1, loop.AddHandle(0, HandleEvents.Readable, null!, null, null));
        Assert.Equal(-1, loop.AddTimeout(0, null!, null, null));
    }
}
