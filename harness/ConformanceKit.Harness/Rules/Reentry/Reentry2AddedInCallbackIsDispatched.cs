using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Reentry;

/// <summary>REENTRY-2 (MUST): a registration added from inside a callback is dispatched once ready, at the latest on the next iteration (whether in the same iteration is INFO).</summary>
internal sealed class Reentry2AddedInCallbackIsDispatched : Rule
{
    public override string Id => "REENTRY-2";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a registration added from inside a callback is dispatched once ready, at the latest on the next iteration (whether in the same iteration is INFO).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchExpected { Cause: MissCause.AddedInCallback } d =>
            Missed(d, d.Late, $"watch r{d.RegKey}, added from a callback, called back by the next iteration", MissText.Got(d)),
        FireExpected { Cause: MissCause.AddedInCallback } f =>
            Missed(f, f.Late, $"timer r{f.RegKey}, added from a callback, fires by the next iteration", "it did not fire"),
        AddedInCallbackDispatched a => Observe(a, Choice(a)!),
        _ => Judgement.Skip,
    };

    /// <summary>Only the INFO part: whether the registration ran in the iteration that added it.</summary>
    public override bool Chooses => true;

    public override string? Choice(Fact fact) =>
        fact is AddedInCallbackDispatched a ? (a.SameIteration ? "dispatched in the iteration that added it" : "dispatched from the next iteration on") : null;
}
