using ConformanceKit.Native;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>Scale: 10,000 watches (one eventfd each: the open-files limit is 20,000) and
/// 10,000 timers in one loop.</summary>
public sealed class ScaleTests
{
    private const int Count = 10_000;

    [Fact]
    public void Scale_TenThousandWatchesAndTenThousandTimersAllWork()
    {
        using var rig = new LoopRig();
        var fds = new int[Count];
        var watches = new int[Count];
        var timers = new int[Count];
        var watchOpaques = new object[Count];
        var timerOpaques = new object[Count];
        for (int i = 0; i < Count; i++)
        {
            fds[i] = rig.EventFd();
            watchOpaques[i] = new object();
            timerOpaques[i] = new object();
            watches[i] = rig.Watch(fds[i], HandleEvents.Readable, watchOpaques[i]);

            // Every 100th fires every iteration, the rest at 1 s .. 100 s.
            timers[i] = rig.Timer(i % 100 == 0 ? 0 : 1000 * (i % 100), timerOpaques[i]);
        }

        Assert.Equal(Count, watches.Distinct().Count());
        Assert.Equal(Count, timers.Distinct().Count());

        // Make every 7th fd readable: exactly those watches are called, once each.
        for (int i = 0; i < Count; i += 7)
        {
            Fd.Signal(fds[i]);
        }

        rig.Step();
        var called = rig.Log.Calls().FindAll(c => c.Kind == CallKind.Handle).ConvertAll(c => c.Id);
        Assert.Equal(watches.Where((_, i) => i % 7 == 0).ToList(), called);
        Assert.Equal(Count / 100, rig.Log.Count(CallKind.Timer));

        // At 1 s, the 1 s timers join the frequency-0 ones.
        rig.Log.Clear();
        rig.Advance(1000);
        rig.Step();
        int expected = Enumerable.Range(0, Count).Count(i => i % 100 <= 1);
        Assert.Equal(expected, rig.Log.Count(CallKind.Timer));

        // Remove everything; every ff runs once, at the end of the next iteration.
        rig.Log.Clear();
        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(0, rig.Loop.RemoveHandle(watches[i]));
            Assert.Equal(0, rig.Loop.RemoveTimeout(timers[i]));
        }

        rig.Advance(100_000);
        rig.Step();
        List<Call> calls = rig.Log.Calls();
        Assert.DoesNotContain(calls, c => c.Kind != CallKind.Free);
        Assert.Equal(2 * Count, calls.Count);
        Assert.Equal(2 * Count, calls.Select(c => c.Opaque).Distinct().Count());
        rig.Step();
        Assert.Equal(2 * Count, rig.Log.Calls().Count);
    }
}
