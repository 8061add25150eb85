using ConformanceKit.FakeLibvirt.Fds;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;
using Microsoft.Extensions.Time.Testing;

namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>Runs one <see cref="Scenario"/> against a fresh loop on a virtual clock and
/// returns its trace. Deterministic: on the virtual clock nothing here sleeps or reads the wall
/// clock (the analyzer keeps it so: only <see cref="WallClock"/> may, for real-clock runs).</summary>
/// <remarks>
/// After the last step the runner settles the loop (contract version 2, "Settling before the free
/// callbacks are counted"; phase <c>settle</c>): it disables every live registration and runs
/// iterations, up to <see cref="MaxSettleIterations"/> (on the real clock, up to
/// <see cref="RealClockSettleMs"/>), while a removed registration still waits for its free
/// callback; the clock does not move there. Then the loop is disposed (phase <c>dispose</c>), the
/// fds it was given are checked (HANDLE-10), and every fd is closed.
/// </remarks>
public static class ScenarioRunner
{
    /// <summary>The contract's "up to ten" settle iterations on the virtual clock.</summary>
    public const int MaxSettleIterations = 10;

    /// <summary>The contract's "up to one second" of settling on the real clock.</summary>
    public const long RealClockSettleMs = 1000;

    /// <summary>How long one real-clock settle iteration may wait: the loop has nothing live, so
    /// it sleeps instead of spinning while a deferred ff's moment comes.</summary>
    private static readonly TimeSpan RealClockSettleWait = TimeSpan.FromMilliseconds(10);

    /// <summary>The virtual clock's start; fixed so that runs are reproducible.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>On the real clock, no single sleep is longer than this: a scenario's clock moves are
    /// capped so that a run stays short (timers further out simply do not fall due).</summary>
    public const long RealClockMaxSleepMs = 120;

    /// <summary>On the real clock, <see cref="AdvanceToDue"/> waits at most this long.</summary>
    public const long RealClockMaxDueWaitMs = 1100;

    /// <summary>Runs a scenario on the virtual clock, or with <paramref name="realClock"/> on the
    /// system clock for loops that cannot take a TimeProvider (libvirt's own loops): clock moves
    /// then sleep, capped (<see cref="RealClockMaxSleepMs"/>), and the trace begins with a
    /// <c>real-clock</c> phase so the analyzer applies its tolerance.</summary>
    public static TraceRecorder Run(Scenario scenario, Func<TimeProvider, EventImpl> createLoop, bool realClock = false)
    {
        var clock = new FakeTimeProvider(Epoch);
        var trace = new TraceRecorder();
        using var slots = new FdSlots(scenario.Slots);
        Func<long> now = realClock
            ? WallClock.MillisecondsFromNow()
            : () => (long)(clock.GetUtcNow() - Epoch).TotalMilliseconds;
        EventImpl loop = createLoop(realClock ? WallClock.Provider : clock);
        var core = new FakeCore(loop, slots, now, trace) { RealClock = realClock };
        if (realClock)
        {
            core.Record(new PhaseStarted(PhaseStarted.RealClock));
        }

        try
        {
            for (int i = 0; i < scenario.Steps.Length; i++)
            {
                var step = scenario.Steps[i];
                core.Record(new StepStarted(i, step.Describe()));
                Execute(core, clock, step);
            }

            Settle(core, loop);
        }
        finally
        {
            core.Record(new PhaseStarted(PhaseStarted.Dispose));
            try
            {
                loop.Dispose();
            }
            catch (Exception e)
            {
                core.Record(new IterationEnded("Dispose threw " + ForeignLoopException.NameOf(e)));
            }

            core.CheckFds("after dispose", always: true);
        }

        return trace;
    }

    /// <summary>Disables what is live, then iterates until every removed registration's ff has run
    /// (bounded): FREE-2 and FREE-7 are judged after this, FREE-6 on the iterations it took.</summary>
    private static void Settle(FakeCore core, EventImpl loop)
    {
        core.Record(new PhaseStarted(PhaseStarted.Settle));
        core.DisableLive();
        if (!core.RealClock)
        {
            for (int i = 0; i < MaxSettleIterations && core.HasPendingFree; i++)
            {
                RunIteration(core, loop);
            }

            return;
        }

        long until = core.NowMs + RealClockSettleMs;
        while (core.HasPendingFree && core.NowMs < until)
        {
            RunIteration(core, loop, RealClockSettleWait);
        }
    }

    private static void Execute(FakeCore core, FakeTimeProvider clock, Step step)
    {
        switch (step)
        {
            case AddWatch a:
                core.AddWatch(a.Slot, a.Mask, a.WithFf, a.Reactions, a.InvalidFd);
                break;
            case UpdateWatch u:
                core.UpdateWatch(u.Target, u.Mask);
                break;
            case RemoveWatch r:
                core.RemoveWatch(r.Target);
                break;
            case AddTimer a:
                core.AddTimer(a.Frequency, a.WithFf, a.Reactions);
                break;
            case UpdateTimer u:
                core.UpdateTimer(u.Target, u.Frequency);
                break;
            case RemoveTimer r:
                core.RemoveTimer(r.Target);
                break;
            case Far f:
                core.Record(new FarActed(core.Slots[f.Slot].Index, f.Action, core.Slots[f.Slot].Act(f.Action, f.Bytes)));
                break;
            case Advance adv:
                AdvanceBy(core, clock, adv.Ms);
                break;
            case AdvanceToDue due:
                AdvanceToDueTime(core, clock, due);
                break;
            case Iterate:
                RunIteration(core, core.Loop);
                break;
            case CountFds:
                core.CountFds();
                break;
        }
    }

    private static void AdvanceToDueTime(FakeCore core, FakeTimeProvider clock, AdvanceToDue due)
    {
        if (core.Timers.Count == 0)
        {
            return;
        }

        var t = due.Timer.IsRaw
            ? core.Timers.LastOrDefault(r => r.Id == due.Timer.Value)
            : due.Timer.Pick(core.Timers);
        if (t is null || t.Removed || t.Setting <= 0)
        {
            return;
        }

        long target = t.ArmedAtMs + t.Setting + due.OffsetMs;
        if (target > core.NowMs && (!core.RealClock || target - core.NowMs <= RealClockMaxDueWaitMs))
        {
            if (core.RealClock)
            {
                long before = core.NowMs;
                WallClock.Sleep(target - core.NowMs);
                core.Record(new ClockAdvanced(core.NowMs - before));
                return;
            }

            AdvanceBy(core, clock, target - core.NowMs);
        }
    }

    private static void AdvanceBy(FakeCore core, FakeTimeProvider clock, long ms)
    {
        if (ms <= 0)
        {
            return;
        }

        if (core.RealClock)
        {
            long before = core.NowMs;
            WallClock.Sleep(Math.Min(ms, RealClockMaxSleepMs));
            core.Record(new ClockAdvanced(core.NowMs - before));
            return;
        }

        clock.Advance(TimeSpan.FromMilliseconds(ms));
        core.Record(new ClockAdvanced(ms));
    }

    /// <summary>One iteration: record what the kernel says of every slot, then RunOnce(0) (or
    /// RunOnce(<paramref name="maxWait"/>) where the real clock lets the loop wait).</summary>
    public static void RunIteration(FakeCore core, EventImpl loop, TimeSpan maxWait = default)
    {
        core.Iteration++;
        core.LoopThreadId = Environment.CurrentManagedThreadId;
        core.Record(new IterationStarted(core.Slots.PollAll()));
        core.Push(new Frame(FrameKind.RunOnce, CallKind.None, 0));
        string? error = null;
        try
        {
            loop.RunOnce(maxWait);
        }
        catch (Exception e)
        {
            error = e is ScriptedCallbackException ? "scripted callback exception" : ForeignLoopException.NameOf(e);
        }
        finally
        {
            core.ResetStackTo(0);
        }

        core.Record(new IterationEnded(error));
    }
}
