using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-9 (INFO): the order in which several ready watches are called back.</summary>
internal sealed class Handle9OrderOfReadyWatches : Rule
{
    public override string Id => "HANDLE-9";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "the order in which several ready watches are called back.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchOrder { Timers: false } o => Observe(o, OrderText.Describe(o.RegKeys)),
        _ => Judgement.Skip,
    };

    public override bool Chooses => true;

    public override string? Choice(Fact fact) => fact is DispatchOrder { Timers: false } o ? OrderText.Kind(o.RegKeys) : null;
}
