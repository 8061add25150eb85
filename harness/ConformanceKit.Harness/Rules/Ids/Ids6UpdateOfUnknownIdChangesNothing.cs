using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Ids;

/// <summary>IDS-6 (MUST): update of an unknown or removed id changes nothing, throws nothing, and never brings a removed registration back.</summary>
internal sealed class Ids6UpdateOfUnknownIdChangesNothing : Rule
{
    public override string Id => "IDS-6";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "update of an unknown or removed id changes nothing, throws nothing, and never brings a removed registration back.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        UpdateReturned { WasLive: false } u => u.Exception is null
            ? Judgement.Pass
            : Violation(u, "update of a non-live id returns quietly", $"{(u.IsTimer ? "update_timeout" : "update_handle")}({u.Id}) threw {u.Exception}"),
        HandleCalled { Reg: { Removed: true, UpdatedAfterRemoval: true } } h =>
            Violation(h, "a removed watch stays gone after an update names its id", $"watch r{h.RegKey} (id {h.Reg.Id}) called back after remove and update"),
        TimerCalled { Reg: { Removed: true, UpdatedAfterRemoval: true } } t =>
            Violation(t, "a removed timer stays gone after an update names its id", $"timer r{t.RegKey} (id {t.Reg.Id}) fired after remove and update"),
        _ => Judgement.Skip,
    };
}
