namespace ConformanceKit.Harness.Model;

/// <summary>Every timing allowance the model and the rules use, held in one place (contract
/// version 2: "one tolerance must govern every timing judgement").</summary>
/// <remarks>The contract names one figure, TIMER-3's 20 ms: libvirt's old poll loop fired timers up
/// to 20 ms early, which is a SHOULD-level remark. The same 20 ms is how late the real clock lets a
/// timer be before it counts as missed (the loop reads its clock at another moment than the core),
/// and it is where TIMER-9 stops: a huge timer that fires within it of its due time is early,
/// TIMER-3's to grade, not an overflow.</remarks>
public static class Tolerance
{
    /// <summary>TIMER-3: firing up to this much before the due time is a remark, more is a failure.</summary>
    public const long EarlyFireMs = 20;

    /// <summary>THREAD-2's bound on the real clock, applied to the median wake-up latency (of the
    /// threaded tier's wake-ups, and of real libvirt's events delivered to a loop on its own thread).</summary>
    public const double WakeupBoundMs = 100;

    /// <summary>How long any one wait inside a threaded case may take before it counts as never.</summary>
    /// <remarks>Generous, because a loaded two-core machine can stall a thread for a long time; a
    /// conforming loop never comes near it, and only a failing one pays it.</remarks>
    public static readonly TimeSpan ThreadedPatience = TimeSpan.FromSeconds(2);

    /// <summary>On the real clock, a timer is expected to have fired only this long after it fell
    /// due; the same figure as <see cref="EarlyFireMs"/>, so the window is symmetric.</summary>
    public const long RealClockSlackMs = EarlyFireMs;

    /// <summary>On the real clock, firing this much before the model's due time is reading noise
    /// (the core reads the clock a moment after the loop did), not earliness.</summary>
    public const long RealClockNoiseMs = 2;

    /// <summary>Frequencies from here up (about 4.7 hours) are "huge" for TIMER-9: a fire of such a
    /// timer more than <see cref="EarlyFireMs"/> before its due time is an overflow.</summary>
    public const int HugeFrequencyMs = 1 << 24;
}
