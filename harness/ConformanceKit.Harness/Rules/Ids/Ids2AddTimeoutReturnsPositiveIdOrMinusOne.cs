using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Ids;

/// <summary>IDS-2 (MUST): add_timeout returns a timer id &gt; 0 on success, or exactly -1.</summary>
internal sealed class Ids2AddTimeoutReturnsPositiveIdOrMinusOne : Rule
{
    public override string Id => "IDS-2";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "add_timeout returns a timer id > 0 on success, or exactly -1.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        AddReturned { IsTimer: true } a when a.Exception is not null => a.HasFf
            ? Violation(a, "a timer id > 0 | -1", $"add_timeout threw {a.Exception}")
            : Judgement.Skip,
        AddReturned { IsTimer: true } a => a.Result > 0 || a.Result == -1
            ? Judgement.Pass
            : Violation(a, "a timer id > 0 | -1", $"add_timeout returned {a.Result}"),
        _ => Judgement.Skip,
    };
}
