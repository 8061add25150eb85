using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Reentry;

/// <summary>REENTRY-1 (MUST): a callback may call any of the six functions on any registration, its own included: remove itself, remove or update another, add new ones. The loop neither throws, nor deadlocks, nor skips a registration that is still live and ready, nor dispatches one that is gone.</summary>
internal sealed class Reentry1CallbacksMayCallTheLoop : Rule
{
    public override string Id => "REENTRY-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a callback may call any of the six functions on any registration, its own included: remove itself, remove or update another, add new ones. The loop neither throws, nor deadlocks, nor skips a registration that is still live and ready, nor dispatches one that is gone.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchExpected { Cause: MissCause.Reentry } d =>
            Missed(d, d.Late, $"watch r{d.RegKey}, live and ready, called back although a callback changed registrations earlier in the iteration", MissText.Got(d)),
        FireExpected { Cause: MissCause.Reentry } f =>
            Missed(f, f.Late, $"timer r{f.RegKey}, live and due, fires although a callback changed registrations earlier in the iteration", "it did not fire"),
        AddReturned { InCallback: true } a => a.Exception is not null && a.HasFf ? Violation(a, "add from a callback returns an id or -1", $"threw {a.Exception}") : Judgement.Pass,
        RemoveReturned { InCallback: true } r => r.Exception is not null && r.WasLive && !r.TargetHasNullFf ? Violation(r, "remove from a callback returns", $"threw {r.Exception}") : Judgement.Pass,
        UpdateReturned { InCallback: true } u => u.Exception is not null && u.WasLive ? Violation(u, "update from a callback returns", $"threw {u.Exception}") : Judgement.Pass,
        IterationThrew { Scripted: false, NullFfPending: false, Mutated: true } t => Crash(t, $"RunOnce threw {t.Exception} after callbacks called into the loop"),
        _ => Judgement.Skip,
    };
}
