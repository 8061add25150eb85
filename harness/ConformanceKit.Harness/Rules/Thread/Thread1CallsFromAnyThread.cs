using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Thread;

/// <summary>THREAD-1 (MUST): the six functions may be called from any thread while the loop runs on its own; no registration is lost or duplicated and ids stay unique.</summary>
/// <remarks>Checked in the threaded tier only: the deterministic tier has no second thread.</remarks>
internal sealed class Thread1CallsFromAnyThread : Rule
{
    public override string Id => "THREAD-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "the six functions may be called from any thread while the loop runs on its own; no registration is lost or duplicated and ids stay unique.";

    public override RuleTier Tier => RuleTier.Threaded;

    public override Judgement Judge(Fact fact) => fact switch
    {
        _ => Judgement.Skip,
    };
}
