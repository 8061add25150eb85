using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Life;

/// <summary>LIFE-1 (INFO): what the loop does with live registrations when it is disposed (ff called or not).</summary>
internal sealed class Life1DisposeWithLiveRegistrations : Rule
{
    public override string Id => "LIFE-1";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "what the loop does with live registrations when it is disposed (ff called or not).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DisposeObserved { Live: > 0 } d => Observe(d, d.FreesDuringDispose == 0
            ? $"disposed with {d.Live} live registrations; no ff called"
            : $"disposed with {d.Live} live registrations; {d.FreesDuringDispose} ff called"),
        _ => Judgement.Skip,
    };

    public override bool Chooses => true;

    /// <remarks>Only registrations given an ff can show it: with none, "no ff called" is no choice.</remarks>
    public override string? Choice(Fact fact) => fact switch
    {
        DisposeObserved { LiveWithFf: > 0, FreesDuringDispose: 0 } => "no ff called at dispose",
        DisposeObserved { LiveWithFf: > 0 } d => d.FreesDuringDispose >= d.LiveWithFf ? "every live registration's ff called at dispose" : "some ff called at dispose",
        _ => null,
    };
}
