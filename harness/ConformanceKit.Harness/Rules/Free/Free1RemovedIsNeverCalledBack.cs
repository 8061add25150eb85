using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-1 (MUST): once remove has returned 0, the callback is never called again, also when it was ready in the iteration in which another callback removed it.</summary>
internal sealed class Free1RemovedIsNeverCalledBack : Rule
{
    public override string Id => "FREE-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "once remove has returned 0, the callback is never called again, also when it was ready in the iteration in which another callback removed it.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FreeDue d => Judgement.Pass,
        HandleCalled { Reg: { Removed: true, UpdatedAfterRemoval: false } } h =>
            Violation(h, "no callback after remove returned 0", $"watch r{h.RegKey} called back with {h.Events} after its removal"),
        TimerCalled { Reg: { Removed: true, UpdatedAfterRemoval: false } } t =>
            Violation(t, "no callback after remove returned 0", $"timer r{t.RegKey} fired after its removal"),
        _ => Judgement.Skip,
    };
}
