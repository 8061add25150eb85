using System.Diagnostics;
using ConformanceKit.Reference;
using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>The stepping contract: RunOnce never blocks longer than its maxWait.</summary>
public sealed class StepTests
{
    [Fact]
    public void Step_ZeroMaxWaitNeverBlocksEvenWithATimerInTheVirtualFuture()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(60_000);
        var clock = Stopwatch.StartNew();
        rig.Steps(100);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(0, rig.Log.TimerCount(t));
    }

    [Fact]
    public void Step_MaxWaitBoundsTheWaitOnTheRealClock()
    {
        using var loop = new ReferenceEventLoop();
        var clock = Stopwatch.StartNew();
        loop.RunOnce(TimeSpan.FromMilliseconds(50));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(45), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Step_WaitEndsWhenTheEarliestTimerFallsDueOnTheRealClock()
    {
        using var loop = new ReferenceEventLoop();
        int fired = 0;
        var clock = Stopwatch.StartNew(); // before the add: the timer's 30 ms start inside it
        loop.AddTimeout(30, (_, _) => fired++, null, null);
        while (fired == 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            loop.RunOnce(Timeout.InfiniteTimeSpan);
        }

        Assert.Equal(1, fired);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(30));
    }

    [Fact]
    public void Step_NegativeMaxWaitOtherThanInfiniteIsRefused()
    {
        using var loop = new ReferenceEventLoop();
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.RunOnce(TimeSpan.FromMilliseconds(-5)));
    }
}
