using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Ids;

/// <summary>IDS-1 (MUST): add_handle returns a watch id &gt; 0 on success, or exactly -1.</summary>
internal sealed class Ids1AddHandleReturnsPositiveIdOrMinusOne : Rule
{
    public override string Id => "IDS-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "add_handle returns a watch id > 0 on success, or exactly -1.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        AddReturned { IsTimer: false } a when a.Exception is not null => a.HasFf
            ? Violation(a, "a watch id > 0 | -1", $"add_handle threw {a.Exception}")
            : Judgement.Skip, // a throw on a null ff is FREE-8's
        AddReturned { IsTimer: false } a => a.Result > 0 || a.Result == -1
            ? Judgement.Pass
            : Violation(a, "a watch id > 0 | -1", $"add_handle returned {a.Result}"),
        _ => Judgement.Skip,
    };
}
