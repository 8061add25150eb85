using Xunit;

namespace ConformanceKit.Specification;

/// <content>TIMER: timers. One test per rule, named by its id.</content>
public abstract partial class EventImplSpecificationTests
{
    /// <summary>TIMER-1 (MUST): frequency -1 never fires, on add or after update.</summary>
    [SkippableFact]
    public void TIMER_1_DisabledTimerNeverFires() => Must("TIMER-1");

    /// <summary>TIMER-2 (MUST): frequency 0 fires on every iteration, again and again, until changed (not once).</summary>
    [SkippableFact]
    public void TIMER_2_FrequencyZeroFiresEveryIteration() => Must("TIMER-2");

    /// <summary>TIMER-3 (MUST): frequency N &gt; 0 fires no earlier than N ms after it was armed (added, updated, or last fired) and, on a virtual clock, on the first iteration at or after that moment. libvirt's poll loop fires up to 20 ms early; early by at most 20 ms is a SHOULD-level remark, more is a failure.</summary>
    [SkippableFact]
    public void TIMER_3_PeriodicTimerFiresOnTime() => Must("TIMER-3");

    /// <summary>TIMER-4 (MUST): a periodic timer fires at most once per iteration: no catch-up bursts after a long iteration.</summary>
    [SkippableFact]
    public void TIMER_4_AtMostOncePerIteration() => Must("TIMER-4");

    /// <summary>TIMER-5 (MUST): update_timeout takes effect from the next iteration: -1 stops it, 0 makes it fire every iteration, N arms it.</summary>
    [SkippableFact]
    public void TIMER_5_UpdateTakesEffectNextIteration() => Must("TIMER-5");

    /// <summary>TIMER-6 (SHOULD): update_timeout to N &gt; 0 restarts the interval from the moment of the update, as libvirt's loops do.</summary>
    [SkippableFact]
    public void TIMER_6_UpdateRestartsTheInterval() => Should("TIMER-6");

    /// <summary>TIMER-7 (MUST): the callback receives the timer id that add returned and the very opaque object it was given.</summary>
    [SkippableFact]
    public void TIMER_7_CallbackGetsIdAndOpaque() => Must("TIMER-7");

    /// <summary>TIMER-8 (INFO): the order of several timers due in the same iteration.</summary>
    [SkippableFact]
    public void TIMER_8_OrderOfDueTimers() => Info("TIMER-8");

    /// <summary>TIMER-9 (MUST): large frequencies (up to `int.MaxValue` ms) arm a timer that simply does not fire within the run: no overflow into an immediate or negative deadline.</summary>
    [SkippableFact]
    public void TIMER_9_HugeFrequencyDoesNotOverflow() => Must("TIMER-9");
}
