using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-8 (SHOULD): one fd may be registered several times with non-overlapping masks; each watch is dispatched by its own mask.</summary>
internal sealed class Handle8SameFdSeveralWatches : Rule
{
    public override string Id => "HANDLE-8";

    public override RuleLevel Level => RuleLevel.Should;

    public override string Sentence => "one fd may be registered several times with non-overlapping masks; each watch is dispatched by its own mask.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchExpected { SharedFd: true } d => d.Cause == MissCause.SharedFd
            ? Remark(d, $"watch r{d.RegKey} called back with {d.Missing}, beside the other watch on its fd", MissText.Got(d))
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
