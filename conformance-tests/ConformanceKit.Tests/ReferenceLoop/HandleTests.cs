using ConformanceKit.Native;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>HANDLE: dispatch of watches, on real socketpairs and pipes.</summary>
public sealed class HandleTests
{
    private const HandleEvents R = HandleEvents.Readable;
    private const HandleEvents W = HandleEvents.Writable;
    private const HandleEvents E = HandleEvents.Error;
    private const HandleEvents H = HandleEvents.Hangup;

    [Fact]
    public void HANDLE_1_ReadableWatchCalledOnTheNextIterationAfterDataArrives()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int w = rig.Watch(a, R);
        rig.Step();
        Assert.Empty(rig.Log.EventsOf(w));
        Fd.Write(b, 3);
        rig.Step();
        Assert.Equal([R], rig.Log.EventsOf(w));
    }

    [Fact]
    public void HANDLE_1_WritableWatchCalledWhenTheFdIsWritable()
    {
        using var rig = new LoopRig();
        (int a, _) = rig.SocketPair();
        int w = rig.Watch(a, W);
        rig.Step();
        Assert.Equal([W], rig.Log.EventsOf(w));
    }

    [Fact]
    public void HANDLE_2_EventsAreNeverEmptyAndOnlyFromTheMask()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int readOnly = rig.Watch(a, R);  // the socket is writable all along: never reported
        rig.Steps(2);
        Assert.Empty(rig.Log.EventsOf(readOnly));
        Fd.Write(b, 1);
        rig.Step();
        Assert.Equal([R], rig.Log.EventsOf(readOnly));
        Assert.All(rig.Log.Calls(), c => Assert.NotEqual(HandleEvents.None, c.Events));
    }

    [Fact]
    public void HANDLE_3_HangupReportedUnaskedOnPipe()
    {
        using var rig = new LoopRig();
        (int r, int wr) = rig.Pipe();
        int w = rig.Watch(r, R);
        rig.Close(wr);
        rig.Step();
        // The kernel reports POLLHUP alone here: a loop reporting only what was asked never calls.
        Assert.Equal([H], rig.Log.EventsOf(w));
    }

    [Fact]
    public void HANDLE_3_ErrorReportedUnaskedOnPipeWriteEndWhoseReaderClosed()
    {
        using var rig = new LoopRig();
        (int r, int wr) = rig.Pipe();
        int readable = rig.Watch(wr, R);
        int writable = rig.Watch(wr, W);
        rig.Close(r);
        rig.Step();
        Assert.Equal([E], rig.Log.EventsOf(readable));
        Assert.Equal([W | E], rig.Log.EventsOf(writable));
    }

    [Fact]
    public void HANDLE_3_HangupReportedWhenSocketPeerCloses()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int w = rig.Watch(a, R);
        rig.Close(b);
        rig.Step();
        Assert.Equal([R | H], rig.Log.EventsOf(w));
    }

    [Fact]
    public void HANDLE_4_DormantWatchIsNotWatchedAtAll_Info()
    {
        using var rig = new LoopRig();
        (int r, int wr) = rig.Pipe();
        int dormant = rig.Watch(r, HandleEvents.None);
        rig.Close(wr);
        rig.Steps(2);
        Assert.Empty(rig.Log.EventsOf(dormant));

        // Waking it up brings the hangup back; putting it to sleep again silences it.
        rig.Loop.UpdateHandle(dormant, R);
        rig.Step();
        Assert.Equal([H], rig.Log.EventsOf(dormant));
        rig.Loop.UpdateHandle(dormant, HandleEvents.None);
        rig.Steps(2);
        Assert.Single(rig.Log.EventsOf(dormant));
    }

    [Fact]
    public void HANDLE_5_DispatchIsLevelTriggered()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int w = rig.Watch(a, R);
        Fd.Write(b, 10);
        rig.Steps(3);
        Assert.Equal([R, R, R], rig.Log.EventsOf(w));
        Fd.Drain(a);
        rig.Steps(2);
        Assert.Equal(3, rig.Log.HandleCount(w));
    }

    [Fact]
    public void HANDLE_6_UpdateReplacesTheMaskFromTheNextIteration()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        Fd.Write(b, 1);
        int w = rig.Watch(a, R);
        rig.Step();
        rig.Loop.UpdateHandle(w, W);
        rig.Step();
        rig.Loop.UpdateHandle(w, R | W);
        rig.Step();
        rig.Loop.UpdateHandle(w, HandleEvents.None);
        rig.Step();
        Assert.Equal([R, W, R | W], rig.Log.EventsOf(w));
    }

    [Fact]
    public void HANDLE_6_MaskChangedByAnEarlierCallbackFiltersTheSameIteration()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        Fd.Write(b, 1);
        int second = 0;
        rig.Watch(a, R, then: (_, _, _, _) => rig.Loop.UpdateHandle(second, W));
        second = rig.Watch(a, R);
        rig.Step();
        // Reported readable at the snapshot, but asking only for Writable when its turn came
        // (and epoll not yet asked for Writable): no bit left, so not called at all.
        Assert.Empty(rig.Log.EventsOf(second));
        rig.Step();
        Assert.Equal([W], rig.Log.EventsOf(second));
    }

    [Fact]
    public void HANDLE_7_CallbackReceivesIdFdAndTheVeryOpaque()
    {
        using var rig = new LoopRig();
        (int a, _) = rig.SocketPair();
        object opaque = new();
        int w = rig.Watch(a, W, opaque);
        rig.Step();
        Call call = Assert.Single(rig.Log.Of(CallKind.Handle, w));
        Assert.Equal(a, call.Fd);
        Assert.Same(opaque, call.Opaque);
    }

    [Fact]
    public void HANDLE_8_SameFdTwiceEachDispatchedByItsOwnMask()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int reader = rig.Watch(a, R);
        int writer = rig.Watch(a, W);
        int dormant = rig.Watch(a, HandleEvents.None);
        rig.Step();
        Assert.Empty(rig.Log.EventsOf(reader));
        Assert.Equal([W], rig.Log.EventsOf(writer));
        Fd.Write(b, 1);
        rig.Step();
        Assert.Equal([R], rig.Log.EventsOf(reader));
        Assert.Equal([W, W], rig.Log.EventsOf(writer));
        rig.Close(b);
        rig.Step();
        Assert.Equal(R | H, rig.Log.EventsOf(reader)[^1]);
        Assert.Equal(W | H, rig.Log.EventsOf(writer)[^1]);
        Assert.Empty(rig.Log.EventsOf(dormant));
    }

    [Fact]
    public void HANDLE_8_TwoReadableWatchesOnOneFdAreBothCalled()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int first = rig.Watch(a, R);
        int second = rig.Watch(a, R);
        Fd.Write(b, 1);
        rig.Step();
        Assert.Equal([R], rig.Log.EventsOf(first));
        Assert.Equal([R], rig.Log.EventsOf(second));
    }

    [Fact]
    public void HANDLE_8_RemovingOneWatchLeavesTheOtherOnTheSameFdWorking()
    {
        using var rig = new LoopRig();
        (int a, int b) = rig.SocketPair();
        int first = rig.Watch(a, R);
        int second = rig.Watch(a, R);
        Assert.Equal(0, rig.Loop.RemoveHandle(first));
        Fd.Write(b, 1);
        rig.Step();
        Assert.Empty(rig.Log.EventsOf(first));
        Assert.Equal([R], rig.Log.EventsOf(second));

        // The last watch going takes the fd out of epoll; a new one puts it back.
        Assert.Equal(0, rig.Loop.RemoveHandle(second));
        int third = rig.Watch(a, R);
        rig.Step();
        Assert.Equal([R], rig.Log.EventsOf(third));
    }

    [Fact]
    public void HANDLE_9_ReadyWatchesAreCalledInAscendingIdOrder_Info()
    {
        using var rig = new LoopRig();
        var ids = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            (int a, _) = rig.SocketPair();
            ids.Add(rig.Watch(a, W));
        }

        rig.Step();
        Assert.Equal(ids, rig.Log.Calls().ConvertAll(c => c.Id));
    }
}
