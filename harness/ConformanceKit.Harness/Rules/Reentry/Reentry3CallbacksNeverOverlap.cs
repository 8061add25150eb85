using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Reentry;

/// <summary>REENTRY-3 (MUST): callbacks never overlap: no callback starts while another callback or ff of the same loop is running.</summary>
internal sealed class Reentry3CallbacksNeverOverlap : Rule
{
    public override string Id => "REENTRY-3";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "callbacks never overlap: no callback starts while another callback or ff of the same loop is running.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        HandleCalled h => h.Nested ? Violation(h, "no callback while another callback or ff runs", $"watch r{h.RegKey} called back from inside another callback") : Judgement.Pass,
        TimerCalled t => t.Nested ? Violation(t, "no callback while another callback or ff runs", $"timer r{t.RegKey} fired from inside another callback") : Judgement.Pass,
        ConcurrencyObserved { Callbacks: 0 } => Judgement.Skip, // nothing was called back: nothing to judge
        ConcurrencyObserved c => c.MaxConcurrent > 1
            ? Violation(c, "no callback while another callback or ff runs", $"{c.MaxConcurrent} callbacks ran at once while other threads called in (schedule {c.Schedule})")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
