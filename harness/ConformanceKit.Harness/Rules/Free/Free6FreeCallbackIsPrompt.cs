using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-6 (SHOULD): ff is called promptly: within two iterations of the removal (a loop that holds opaques back keeps connections from being garbage collected).</summary>
internal sealed class Free6FreeCallbackIsPrompt : Rule
{
    public override string Id => "FREE-6";

    public override RuleLevel Level => RuleLevel.Should;

    public override string Sentence => "ff is called promptly: within two iterations of the removal (a loop that holds opaques back keeps connections from being garbage collected).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FreeDue => Judgement.Pass,
        FreeOverdue o => Remark(o, $"ff of r{o.RegKey} by the end of iteration {o.RemovedInIteration + 2}", $"not called by the end of iteration {o.Iteration}"),
        _ => Judgement.Skip,
    };
}
