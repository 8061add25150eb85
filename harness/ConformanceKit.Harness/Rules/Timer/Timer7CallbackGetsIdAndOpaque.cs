using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-7 (MUST): the callback receives the timer id that add returned and the very opaque object it was given.</summary>
internal sealed class Timer7CallbackGetsIdAndOpaque : Rule
{
    public override string Id => "TIMER-7";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "the callback receives the timer id that add returned and the very opaque object it was given.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        TimerCalled c when c.PassedId != c.Reg.Id => Violation(c, $"timer id {c.Reg.Id}", $"called with timer id {c.PassedId}"),
        TimerCalled c when c.OpaqueOf != c.RegKey => Violation(c, $"the opaque of r{c.RegKey}", c.OpaqueOf switch { 0 => "called with null", -1 => "called with a foreign object", var o => $"called with the opaque of r{o}" }),
        TimerCalled => Judgement.Pass,
        _ => Judgement.Skip,
    };
}
