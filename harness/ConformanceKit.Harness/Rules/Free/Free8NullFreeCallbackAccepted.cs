using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-8 (MUST): a null ff is accepted and simply not called.</summary>
internal sealed class Free8NullFreeCallbackAccepted : Rule
{
    public override string Id => "FREE-8";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a null ff is accepted and simply not called.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        AddReturned { HasFf: false } a => a.Exception is null
            ? Judgement.Pass
            : Violation(a, "add with a null ff succeeds", $"threw {a.Exception}"),
        RemoveReturned { TargetHasNullFf: true, Exception: not null } r => Violation(r, "remove of a registration with a null ff returns 0", $"threw {r.Exception}"),
        IterationThrew { Scripted: false, NullFfPending: true } t => Violation(t, "a null ff is simply not called", $"RunOnce threw {t.Exception} after a registration with a null ff was removed"),
        _ => Judgement.Skip,
    };
}
