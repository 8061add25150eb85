using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-4 (MUST): a periodic timer fires at most once per iteration: no catch-up bursts after a long iteration.</summary>
internal sealed class Timer4AtMostOncePerIteration : Rule
{
    public override string Id => "TIMER-4";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a periodic timer fires at most once per iteration: no catch-up bursts after a long iteration.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        TimerCalled c => c.FiresThisIteration > 1
            ? Violation(c, "at most one fire per iteration", $"timer r{c.RegKey} fired {c.FiresThisIteration} times in iteration {c.Iteration}")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
