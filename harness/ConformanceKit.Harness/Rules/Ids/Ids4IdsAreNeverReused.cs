using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Ids;

/// <summary>IDS-4 (SHOULD): ids are never reused while the loop lives (libvirt's own loops count up from 1; a reused id turns a late remove into the removal of a stranger's registration).</summary>
internal sealed class Ids4IdsAreNeverReused : Rule
{
    public override string Id => "IDS-4";

    public override RuleLevel Level => RuleLevel.Should;

    public override string Sentence => "ids are never reused while the loop lives (libvirt's own loops count up from 1; a reused id turns a late remove into the removal of a stranger's registration).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        AddReturned { Exception: null } a when a.Result != -1 => a.WasIssuedBefore && !a.WasLiveId
            ? Remark(a, "an id never handed out before", $"returned {a.Result} again, after its first holder was removed")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
