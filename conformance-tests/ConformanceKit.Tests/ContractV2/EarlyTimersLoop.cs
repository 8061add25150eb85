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
