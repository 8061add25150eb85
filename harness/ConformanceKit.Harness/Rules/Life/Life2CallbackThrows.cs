using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Life;

/// <summary>LIFE-2 (INFO): what the loop does when a callback throws.</summary>
/// <remarks>Recorded from the fake core's mark on the throwing callback, so a loop that catches
/// the exception is recorded as well as one that lets it out of RunOnce.</remarks>
internal sealed class Life2CallbackThrows : Rule
{
    public override string Id => "LIFE-2";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "what the loop does when a callback throws.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        ThrowObserved t => Observe(t, What(t)),
        _ => Judgement.Skip,
    };

    public override bool Chooses => true;

    public override string? Choice(Fact fact) => fact is ThrowObserved t ? What(t) : null;

    private static string What(ThrowObserved t) => Fate(t)
        + (t.LoopKeptWorking ? "; later callbacks still ran" : "; no callback ran afterwards")
        + (t.CalledAgain ? "; the callback that threw was called again" : "; the callback that threw was never called again");

    private static string Fate(ThrowObserved t) => t.Fate switch
    {
        ThrowFate.Swallowed => "the loop swallowed the exception (RunOnce returned normally)",
        ThrowFate.OutOfRunOnce => "the exception propagated out of RunOnce",
        ThrowFate.ReplacedOutOfRunOnce => $"RunOnce threw {t.Detail} in its place",
        _ => $"the exception went out of the loop's {t.Detail}",
    };
}
