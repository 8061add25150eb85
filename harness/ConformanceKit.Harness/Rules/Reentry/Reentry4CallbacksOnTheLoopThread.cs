using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Reentry;

/// <summary>REENTRY-4 (SHOULD): callbacks and ffs run on the thread that runs the loop.</summary>
internal sealed class Reentry4CallbacksOnTheLoopThread : Rule
{
    public override string Id => "REENTRY-4";

    public override RuleLevel Level => RuleLevel.Should;

    public override string Sentence => "callbacks and ffs run on the thread that runs the loop.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        HandleCalled h => h.OnLoopThread ? Judgement.Pass : Remark(h, "on the thread that runs the loop", $"watch r{h.RegKey} called back on another thread"),
        TimerCalled t => t.OnLoopThread ? Judgement.Pass : Remark(t, "on the thread that runs the loop", $"timer r{t.RegKey} fired on another thread"),
        FreeCalledFact f => f.OnLoopThread || f.Phase == ConformanceKit.FakeLibvirt.Trace.PhaseStarted.Dispose ? Judgement.Pass : Remark(f, "on the thread that runs the loop", $"ff of r{f.RegKey} on another thread"),
        ConcurrencyObserved { Callbacks: 0 } => Judgement.Skip, // nothing was called back: nothing to judge
        ConcurrencyObserved c => c.OffLoopThread == 0
            ? Judgement.Pass
            : Remark(c, "on the thread that runs the loop", $"{c.OffLoopThread} of {c.Callbacks} callbacks and ffs ran on other threads (schedule {c.Schedule})"),
        _ => Judgement.Skip,
    };
}
