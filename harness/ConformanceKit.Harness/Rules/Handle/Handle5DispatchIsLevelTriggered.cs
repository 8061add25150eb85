using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-5 (MUST): dispatch is level-triggered: while the condition lasts and the mask still asks for it, the callback is called again on later iterations.</summary>
internal sealed class Handle5DispatchIsLevelTriggered : Rule
{
    public override string Id => "HANDLE-5";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "dispatch is level-triggered: while the condition lasts and the mask still asks for it, the callback is called again on later iterations.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchExpected d when d.DeliveredLastIteration || d.Cause == MissCause.LevelTriggered => d.Cause == MissCause.LevelTriggered
            ? Missed(d, d.Late, $"watch r{d.RegKey} called again with {d.Missing}: the fd is still ready", MissText.Got(d) + " (it was called in the previous iteration)")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
