using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-3 (MUST): frequency N &gt; 0 fires no earlier than N ms after it was armed (added, updated, or last fired) and, on a virtual clock, on the first iteration at or after that moment. libvirt's poll loop fires up to 20 ms early; early by at most 20 ms is a SHOULD-level remark, more is a failure.</summary>
internal sealed class Timer3PeriodicTimerFiresOnTime : Rule
{
    public override string Id => "TIMER-3";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "frequency N > 0 fires no earlier than N ms after it was armed (added, updated, or last fired) and, on a virtual clock, on the first iteration at or after that moment. libvirt's poll loop fires up to 20 ms early; early by at most 20 ms is a SHOULD-level remark, more is a failure.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FireExpected { Frequency: > 0 } f => !f.Fired && f.Cause == MissCause.Plain
            ? Missed(f, f.Late, $"timer r{f.RegKey} fires in the first iteration at or after its due time", "it did not fire")
            : Judgement.Pass,
        TimerCalled { Touched: false, AfterThrow: false, AtIterationStart: { Frequency: > 0 } t } c when !Timer6UpdateRestartsTheInterval.OnTimeForOldDeadline(c, t) =>
            (t.DueMs!.Value - c.NowMs - c.ClockNoiseMs) switch
            {
                <= 0 => Judgement.Pass,
                <= Tolerance.EarlyFireMs and var early => Remark(c, $"fire at or after {t.DueMs} ms", $"timer r{c.RegKey} fired at {c.NowMs} ms, {early} ms early (libvirt's poll loop tolerance is {Tolerance.EarlyFireMs} ms)"),

                // Further out, a huge timer's fire is an overflow: TIMER-9's.
                _ when t.Frequency >= Tolerance.HugeFrequencyMs => Judgement.Skip,
                var early => Violation(c, $"fire at or after {t.DueMs} ms", $"timer r{c.RegKey} fired at {c.NowMs} ms, {early} ms early"),
            },
        _ => Judgement.Skip,
    };
}
