using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.ContractV2;

/// <summary>A loop that fires every periodic timer 15 ms early, as libvirt's old poll loop fired up
/// to 20 ms early: TIMER-3 grades that as a remark, and nothing else may object (not TIMER-9, not
/// when a timer of int.MaxValue ms fires 15 ms before its due time).</summary>
public sealed class EarlyTimersLoop(TimeProvider time) : DecoratedLoop(time)
{
    public const int EarlyMs = 15;

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(Early(frequency), callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => Inner.UpdateTimeout(timer, Early(frequency));

    private static int Early(int frequency) => frequency > EarlyMs ? frequency - EarlyMs : frequency;
}

/// <summary>A loop whose only bug is a 1 ms rounding error: it arms every periodic timer 1 ms late
/// (as a loop does that turns ticks into milliseconds through double and rounds up), so on a virtual
/// clock moved exactly to a due time it does not fire until the clock moves again. TIMER-3's
/// business alone; a miss in an iteration where a callback re-entered is not REENTRY-1's when the
/// next, quiet iteration misses it too (issue 16, item 7).</summary>
public sealed class OneMsLateTimersLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(Late(frequency), callback, opaque, ff);

    public override void UpdateTimeout(int timer, int frequency) => Inner.UpdateTimeout(timer, Late(frequency));

    private static int Late(int frequency) => frequency is > 0 and < int.MaxValue ? frequency + 1 : frequency;
}
