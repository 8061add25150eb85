using ConformanceKit.Native;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>REENTRY: calls made from inside callbacks.</summary>
public sealed class ReentryTests
{
    [Fact]
    public void REENTRY_1_CallbackMayCallAllSixFunctions()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int other = rig.Timer(-1);
        int otherWatch = rig.Watch(a, HandleEvents.None);
        int addedWatch = 0;
        int addedTimer = 0;
        int self = rig.Timer(0, then: (id, _) =>
        {
            addedWatch = rig.Watch(a, HandleEvents.Readable);
            addedTimer = rig.Timer(0);
            rig.Loop.UpdateTimeout(other, 0);
            rig.Loop.UpdateHandle(otherWatch, HandleEvents.Writable);
            rig.Loop.UpdateTimeout(addedTimer, 0);
            Assert.Equal(0, rig.Loop.RemoveTimeout(id));
            Assert.Equal(-1, rig.Loop.RemoveTimeout(id));
        });
        Fd.Write(b, 1);
        rig.Step();
        rig.Step();
        Assert.Equal(1, rig.Log.TimerCount(self));
        Assert.True(addedWatch > 0 && addedTimer > 0);
        Assert.Equal(1, rig.Log.TimerCount(other));
        Assert.Equal(1, rig.Log.TimerCount(addedTimer));
        Assert.Equal([HandleEvents.Writable], rig.Log.EventsOf(otherWatch));
        Assert.Equal([HandleEvents.Readable], rig.Log.EventsOf(addedWatch));
        Assert.Equal(0, rig.Log.Overlaps);
    }

    [Fact]
    public void REENTRY_1_RemovingAnotherNeitherSkipsLiveReadyOnesNorCallsTheGoneOne()
    {
        using var rig = new LoopRig();
        var fds = new int[3];
        for (int i = 0; i < 3; i++)
        {
            fds[i] = rig.SocketPair().A;
        }

        int second = 0;
        int first = rig.Watch(fds[0], HandleEvents.Writable, then: (_, _, _, _) => rig.Loop.RemoveHandle(second));
        second = rig.Watch(fds[1], HandleEvents.Writable);
        int third = rig.Watch(fds[2], HandleEvents.Writable);
        rig.Steps(2);
        Assert.Equal(2, rig.Log.HandleCount(first));
        Assert.Equal(0, rig.Log.HandleCount(second));
        Assert.Equal(2, rig.Log.HandleCount(third));
    }

    [Fact]
    public void REENTRY_1_CallbackRemovingItselfKeepsTheLastHandleWorking()
    {
        // libvirt's eventtest: after deleting others, the last handle keeps working.
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        (int c, int d) = rig.SocketPair();
        int self = rig.Watch(a, HandleEvents.Readable, then: (id, _, _, _) => rig.Loop.RemoveHandle(id));
        int last = rig.Watch(c, HandleEvents.Readable, then: (_, fd, _, _) => Fd.Drain(fd));
        Fd.Write(b, 1);
        Fd.Write(d, 1);
        rig.Step();
        Fd.Write(d, 1);
        rig.Step();
        Assert.Equal(1, rig.Log.HandleCount(self));
        Assert.Equal(2, rig.Log.HandleCount(last));
    }

    [Fact]
    public void REENTRY_2_RegistrationAddedInsideACallbackIsDispatchedByTheNextIteration()
    {
        using var rig = new LoopRig();
        (int a, _) = rig.SocketPair();
        int watch = 0;
        int timer = 0;
        rig.Timer(0, then: (id, _) =>
        {
            watch = rig.Watch(a, HandleEvents.Writable);
            timer = rig.Timer(0);
            rig.Loop.RemoveTimeout(id);
        });
        rig.Steps(2);
        Assert.Equal(1, rig.Log.HandleCount(watch));
        Assert.Equal(1, rig.Log.TimerCount(timer));
    }

    [Fact]
    public void REENTRY_3_CallbacksAndFreesNeverOverlapUnderCrossThreadChurn()
    {
        using var rig = LoopRig.RealClock();
        int fd = rig.EventFd();
        Fd.Signal(fd);
        for (int i = 0; i < 4; i++)
        {
            rig.Watch(fd, HandleEvents.Readable);
            rig.Timer(0);
        }

        using (var loop = new LoopThread(rig.Loop, TimeSpan.FromMilliseconds(5)))
        {
            var churn = new Thread(() =>
            {
                for (int i = 0; i < 300; i++)
                {
                    int w = rig.Watch(fd, HandleEvents.Readable);
                    int t = rig.Timer(0);
                    rig.Loop.RemoveHandle(w);
                    rig.Loop.RemoveTimeout(t);
                }
            }) { IsBackground = true };
            churn.Start();
            Assert.True(churn.Join(TimeSpan.FromSeconds(10)));
            Assert.True(loop.WaitIterations(2));
            Assert.True(loop.Stop());
            Assert.Null(loop.Failure);
        }

        Assert.Equal(0, rig.Log.Overlaps);
        Assert.Equal(600, rig.Log.Count(CallKind.Free));
    }

    [Fact]
    public void REENTRY_4_CallbacksAndFreesRunOnTheLoopThread()
    {
        using var rig = LoopRig.RealClock();
        (int a, _) = rig.SocketPair();
        using var loop = new LoopThread(rig.Loop, TimeSpan.FromMilliseconds(5));
        int w = rig.Watch(a, HandleEvents.Writable);
        int t = rig.Timer(0);
        Assert.True(loop.WaitIterations(2));
        Assert.Equal(0, rig.Loop.RemoveHandle(w));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
        Assert.True(loop.WaitIterations(2));
        Assert.True(loop.Stop());
        List<Call> calls = rig.Log.Calls();
        Assert.Contains(calls, c => c.Kind == CallKind.Handle);
        Assert.Contains(calls, c => c.Kind == CallKind.Timer);
        Assert.Equal(2, calls.FindAll(c => c.Kind == CallKind.Free).Count);
        Assert.All(calls, c => Assert.Equal(loop.ManagedThreadId, c.Thread));
    }
}
