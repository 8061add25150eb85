using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Ids;

/// <summary>IDS-7 (MUST): after an add that returned -1, that registration's callback and ff are never called.</summary>
internal sealed class Ids7FailedAddIsNeverCalledBack : Rule
{
    public override string Id => "IDS-7";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "after an add that returned -1, that registration's callback and ff are never called.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        AddReturned { Result: -1, Exception: null } => Judgement.Pass,
        HandleCalled { Reg.AddFailed: true } h => Violation(h, "no callback for an add that returned -1", $"handle callback of r{h.RegKey} called"),
        TimerCalled { Reg.AddFailed: true } t => Violation(t, "no callback for an add that returned -1", $"timer callback of r{t.RegKey} called"),
        FreeCalledFact { RegBefore.AddFailed: true } f => Violation(f, "no ff for an add that returned -1", $"ff of r{f.RegKey} called"),
        _ => Judgement.Skip,
    };
}
