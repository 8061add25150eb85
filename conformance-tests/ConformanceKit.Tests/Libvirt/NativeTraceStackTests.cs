using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Libvirt;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>A native session's trace keeps one stack for the session (as the fake core does), but
/// a frame ends on the thread that began it: the client's remove ending while the loop runs a
/// callback on a thread of its own must not end the callback.</summary>
public sealed class NativeTraceStackTests
{
    [Fact]
    public void ARemoveEndingOnTheClientsThread_LeavesTheCallbackTheLoopsThreadIsIn()
    {
        var trace = new NativeTrace(() => false);
        using var callbackBegun = new ManualResetEventSlim();
        using var removeEnded = new ManualResetEventSlim();
        trace.CallStarted(CallKind.RemoveHandle, 1, 1, 0, hasFf: true);
        var loopThread = new Thread(() => trace.Handle(2, 2, 0, HandleEvents.Readable, 2, () =>
        {
            callbackBegun.Set();
            removeEnded.Wait();
            // libvirt's callback adds a timer once the client's remove has returned.
            trace.CallStarted(CallKind.AddTimeout, 3, 0, 0, hasFf: false);
            trace.CallEnded(CallKind.AddTimeout, 3, 1, 1, null);
        }));
        loopThread.Start();
        callbackBegun.Wait();
        trace.CallEnded(CallKind.RemoveHandle, 1, 1, 0, null);
        removeEnded.Set();
        loopThread.Join();

        var add = trace.Events.OfType<CallStarted>().Single(e => e.Call == CallKind.AddTimeout);
        Assert.Equal([FrameKind.HandleCallback], add.Stack.Select(f => f.Kind));
        var removeEnd = trace.Events.OfType<CallEnded>().Single(e => e.Call == CallKind.RemoveHandle);
        Assert.Equal([FrameKind.HandleCallback], removeEnd.Stack.Select(f => f.Kind));
    }
}
