using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-8 (INFO): the order of several timers due in the same iteration.</summary>
internal sealed class Timer8OrderOfDueTimers : Rule
{
    public override string Id => "TIMER-8";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "the order of several timers due in the same iteration.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchOrder { Timers: true } o => Observe(o, OrderText.Describe(o.RegKeys)),
        _ => Judgement.Skip,
    };

    public override bool Chooses => true;

    public override string? Choice(Fact fact) => fact is DispatchOrder { Timers: true } o ? OrderText.Kind(o.RegKeys) : null;
}
