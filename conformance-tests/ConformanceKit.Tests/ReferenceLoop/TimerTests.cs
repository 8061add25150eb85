using ConformanceKit.Tests.ReferenceLoop.Support;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>TIMER: timers on a virtual clock that moves only when the test says so.</summary>
public sealed class TimerTests
{
    [Fact]
    public void TIMER_1_DisabledTimerNeverFires()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(-1);
        for (int i = 0; i < 5; i++)
        {
            rig.Advance(1000);
            rig.Step();
        }

        Assert.Equal(0, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_1_DisabledAfterUpdateNeverFires()
    {
        using var rig = new LoopRig();
        int zero = rig.Timer(0);
        int periodic = rig.Timer(10);
        rig.Advance(10);
        rig.Step();
        rig.Loop.UpdateTimeout(zero, -1);
        rig.Loop.UpdateTimeout(periodic, -1);
        rig.Advance(100);
        rig.Steps(3);
        Assert.Equal(1, rig.Log.TimerCount(zero));
        Assert.Equal(1, rig.Log.TimerCount(periodic));
    }

    [Fact]
    public void TIMER_1_FrequencyBelowMinusOneIsTakenAsDisabled()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(-5);
        rig.Advance(1000);
        rig.Steps(2);
        rig.Loop.UpdateTimeout(t, int.MinValue);
        rig.Advance(1000);
        rig.Steps(2);
        Assert.Equal(0, rig.Log.TimerCount(t));
        Assert.Equal(0, rig.Loop.RemoveTimeout(t));
    }

    [Fact]
    public void TIMER_2_FrequencyZeroFiresOnEveryIterationNotOnce()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(0);
        rig.Steps(5);
        Assert.Equal(5, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_3_PeriodicFiresOnTheFirstIterationAtOrAfterItsDeadline()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(100);
        rig.Step();
        rig.Advance(99);
        rig.Step();
        Assert.Equal(0, rig.Log.TimerCount(t));
        rig.Advance(1);
        rig.Step();
        Assert.Equal(1, rig.Log.TimerCount(t));
        rig.Step();
        Assert.Equal(1, rig.Log.TimerCount(t));
        rig.Advance(100);
        rig.Step();
        Assert.Equal(2, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_3_NextPeriodCountsFromTheFiringNotFromTheMissedDeadline()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(100);
        rig.Advance(250);
        rig.Step();                      // fires at 250, next due at 350 (not 300)
        rig.Advance(99);
        rig.Step();
        Assert.Equal(1, rig.Log.TimerCount(t));
        rig.Advance(1);
        rig.Step();
        Assert.Equal(2, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_4_NoCatchUpBurstAfterALongGap()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(10);
        rig.Advance(1000);
        rig.Steps(3);
        Assert.Equal(1, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_5_UpdateTakesEffectFromTheNextIteration()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(-1);
        rig.Step();
        rig.Loop.UpdateTimeout(t, 0);
        rig.Steps(2);
        Assert.Equal(2, rig.Log.TimerCount(t));
        rig.Loop.UpdateTimeout(t, -1);
        rig.Steps(2);
        Assert.Equal(2, rig.Log.TimerCount(t));
        rig.Loop.UpdateTimeout(t, 50);
        rig.Step();
        rig.Advance(50);
        rig.Step();
        Assert.Equal(3, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_5_UpdateMadeInsideItsOwnCallbackWins()
    {
        // libvirt's event queue timer: 0 when an event is queued, back to -1 in its own callback.
        using var rig = new LoopRig();
        int t = rig.Timer(0, then: (id, _) => rig.Loop.UpdateTimeout(id, -1));
        rig.Steps(3);
        Assert.Equal(1, rig.Log.TimerCount(t));
        rig.Loop.UpdateTimeout(t, 0);
        rig.Steps(3);
        Assert.Equal(2, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_6_UpdateRestartsTheIntervalFromTheUpdate()
    {
        using var rig = new LoopRig();
        int t = rig.Timer(100);
        rig.Advance(80);
        rig.Loop.UpdateTimeout(t, 100);  // now due at 180, not 100
        rig.Advance(30);
        rig.Step();
        Assert.Equal(0, rig.Log.TimerCount(t));
        rig.Advance(69);
        rig.Step();
        Assert.Equal(0, rig.Log.TimerCount(t));
        rig.Advance(1);
        rig.Step();
        Assert.Equal(1, rig.Log.TimerCount(t));
    }

    [Fact]
    public void TIMER_7_CallbackReceivesIdAndTheVeryOpaque()
    {
        using var rig = new LoopRig();
        object opaque = new();
        int t = rig.Timer(0, opaque);
        rig.Step();
        Assert.Same(opaque, Assert.Single(rig.Log.Of(CallKind.Timer, t)).Opaque);
    }

    [Fact]
    public void TIMER_8_DueTimersFireInAscendingIdOrder_Info()
    {
        using var rig = new LoopRig();
        int a = rig.Timer(50);
        int b = rig.Timer(0);
        int c = rig.Timer(10);
        rig.Advance(50);
        rig.Step();
        Assert.Equal([a, b, c], rig.Log.Calls().ConvertAll(x => x.Id));
    }

    [Fact]
    public void TIMER_9_IntMaxValueFrequencyDoesNotOverflowIntoAnEarlyFiring()
    {
        using var rig = new LoopRig();
        int added = rig.Timer(int.MaxValue);
        int updated = rig.Timer(0);
        rig.Loop.UpdateTimeout(updated, int.MaxValue);
        rig.Loop.UpdateTimeout(updated, int.MaxValue - 1);
        for (int day = 0; day < 24; day++)
        {
            rig.Time.Advance(TimeSpan.FromDays(1));
            rig.Step();
        }

        Assert.Equal(0, rig.Log.TimerCount(added));
        Assert.Equal(0, rig.Log.TimerCount(updated));

        // About 24.86 days after arming, they do come, once.
        rig.Time.Advance(TimeSpan.FromDays(1));
        rig.Steps(2);
        Assert.Equal(1, rig.Log.TimerCount(added));
        Assert.Equal(1, rig.Log.TimerCount(updated));
    }
}
