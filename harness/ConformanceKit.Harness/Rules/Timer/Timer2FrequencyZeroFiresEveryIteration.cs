using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-2 (MUST): frequency 0 fires on every iteration, again and again, until changed (not once).</summary>
internal sealed class Timer2FrequencyZeroFiresEveryIteration : Rule
{
    public override string Id => "TIMER-2";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "frequency 0 fires on every iteration, again and again, until changed (not once).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FireExpected { Frequency: 0 } f => !f.Fired && f.Cause == MissCause.Plain
            ? Missed(f, f.Late, $"timer r{f.RegKey} (frequency 0) fires in every iteration", "it did not fire in this iteration")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
