using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-9 (MUST): large frequencies (up to `int.MaxValue` ms) arm a timer that simply does not fire within the run: no overflow into an immediate or negative deadline. A fire within TIMER-3's 20 ms of the due time is TIMER-3's to grade, not an overflow.</summary>
internal sealed class Timer9HugeFrequencyDoesNotOverflow : Rule
{
    public override string Id => "TIMER-9";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "large frequencies (up to `int.MaxValue` ms) arm a timer that simply does not fire within the run: no overflow into an immediate or negative deadline. A fire within TIMER-3's 20 ms of the due time is TIMER-3's to grade, not an overflow.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        HugeTimerLive { Fired: true } h when h.EarlyMs <= Tolerance.EarlyFireMs => Judgement.Skip, // early, not overflowed: TIMER-3's
        HugeTimerLive h => h.Fired
            ? Violation(h, $"a timer at {h.Frequency} ms does not fire before it is due", $"timer r{h.RegKey} fired {h.EarlyMs} ms before its due time")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
