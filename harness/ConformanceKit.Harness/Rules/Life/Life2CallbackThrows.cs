using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Life;

/// <summary>LIFE-2 (INFO): what the loop does when a callback throws.</summary>
internal sealed class Life2CallbackThrows : Rule
{
    public override string Id => "LIFE-2";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "what the loop does when a callback throws.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        ThrowObserved t => Observe(t, (t.Propagated ? "the exception propagated out of RunOnce" : "the loop swallowed the exception")
            + (t.LoopKeptWorking ? "; later callbacks still ran" : "; no callback ran afterwards")),
        _ => Judgement.Skip,
    };
}
