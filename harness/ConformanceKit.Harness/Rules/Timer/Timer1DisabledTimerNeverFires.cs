using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-1 (MUST): frequency -1 never fires, on add or after update.</summary>
internal sealed class Timer1DisabledTimerNeverFires : Rule
{
    public override string Id => "TIMER-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "frequency -1 never fires, on add or after update.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        TimerCalled { Touched: false, AtIterationStart: { } t } c => t.Frequency < 0
            ? Violation(c, "a timer at -1 does not fire", $"timer r{c.RegKey} fired at -1{(t.ChangedByUpdate ? " (set by update)" : string.Empty)}")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
