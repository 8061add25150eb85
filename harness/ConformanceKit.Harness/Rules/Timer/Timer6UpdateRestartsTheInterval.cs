using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-6 (SHOULD): update_timeout to N &gt; 0 restarts the interval from the moment of the update, as libvirt's loops do.</summary>
internal sealed class Timer6UpdateRestartsTheInterval : Rule
{
    public override string Id => "TIMER-6";

    public override RuleLevel Level => RuleLevel.Should;

    public override string Sentence => "update_timeout to N > 0 restarts the interval from the moment of the update, as libvirt's loops do.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FireExpected { Cause: MissCause.KeptOldDeadline } f =>
            Remark(f, $"timer r{f.RegKey} fires {f.Frequency} ms after the update", "it did not fire yet: the loop kept the deadline it had before the update"),
        TimerCalled { Touched: false, AfterThrow: false, AtIterationStart: { ChangedByUpdate: true, Frequency: > 0 } t } c => OnTimeForOldDeadline(c, t)
            ? Remark(c, $"fire at or after {t.DueMs} ms ({t.Frequency} ms after the update)", t.ZeroBeforeUpdateIteration == c.Iteration
                ? $"timer r{c.RegKey} fired at {c.NowMs} ms, in the iteration after its update from frequency 0: the loop still fired it for every iteration"
                : $"timer r{c.RegKey} fired at {c.NowMs} ms: the interval was not restarted by the update")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };

    /// <summary>Early for the restarted interval by more than TIMER-3's tolerance (within it, the
    /// fire is early, not kept from before the update), but on time for the deadline the timer had
    /// before the update (or for the new frequency counted from the old arming). A timer that was
    /// at frequency 0 was due in every iteration: one fire in the iteration after the update is
    /// that old "deadline" kept, not an early fire (TIMER-3) or an overflow (TIMER-9).</summary>
    internal static bool OnTimeForOldDeadline(TimerCalled c, Model.TimerModel t) =>
        t.ChangedByUpdate && c.NowMs < t.DueMs - Model.Tolerance.EarlyFireMs
        && ((t.DueBeforeUpdateMs is long old && c.NowMs >= old)
            || (t.ArmedBeforeUpdateMs is long armed && c.NowMs >= armed + t.Frequency)
            || t.ZeroBeforeUpdateIteration == c.Iteration);
}
