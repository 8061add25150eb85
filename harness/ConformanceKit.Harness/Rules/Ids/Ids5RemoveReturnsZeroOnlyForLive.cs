using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Ids;

/// <summary>IDS-5 (MUST): remove returns 0 for a live registration and -1 for anything else: never registered, already removed, 0, negative.</summary>
internal sealed class Ids5RemoveReturnsZeroOnlyForLive : Rule
{
    public override string Id => "IDS-5";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "remove returns 0 for a live registration and -1 for anything else: never registered, already removed, 0, negative.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        RemoveReturned r when r.Exception is not null => r.TargetHasNullFf
            ? Judgement.Skip // FREE-8's
            : Violation(r, Expect(r), $"{Call(r)}({r.Id}) threw {r.Exception}"),
        RemoveReturned r => r.Result == (r.WasLive ? 0 : -1)
            ? Judgement.Pass
            : Violation(r, Expect(r), $"{Call(r)}({r.Id}) returned {r.Result}{(r.WasLive ? string.Empty : " for an id that is not live")}"),
        _ => Judgement.Skip,
    };

    private static string Call(RemoveReturned r) => r.IsTimer ? "remove_timeout" : "remove_handle";

    private static string Expect(RemoveReturned r) => r.WasLive ? "0 (the registration is live)" : "-1 (the id is not live)";
}
