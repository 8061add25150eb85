using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Ids;

/// <summary>IDS-3 (MUST): live watch ids are unique among watches; live timer ids are unique among timers.</summary>
internal sealed class Ids3LiveIdsAreUnique : Rule
{
    public override string Id => "IDS-3";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "live watch ids are unique among watches; live timer ids are unique among timers.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        AddReturned { Exception: null } a when a.Result != -1 => a.WasLiveId
            ? Violation(a, $"an id no live {Kind(a)} holds", $"returned {a.Result}, which a live {Kind(a)} already holds")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };

    private static string Kind(AddReturned a) => a.IsTimer ? "timer" : "watch";
}
