using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Timer;

/// <summary>TIMER-5 (MUST): update_timeout takes effect from the next iteration: -1 stops it, 0 makes it fire every iteration, N arms it.</summary>
internal sealed class Timer5UpdateTakesEffectNextIteration : Rule
{
    public override string Id => "TIMER-5";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "update_timeout takes effect from the next iteration: -1 stops it, 0 makes it fire every iteration, N arms it.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        RealLibvirtObserved r => r.EventsArrived >= r.EventsExpected
            ? Judgement.Pass
            : Violation(r, $"all {r.EventsExpected} lifecycle events arrive (libvirt updates its event timer to 0 for each)",
                $"{r.EventsArrived} of {r.EventsExpected} arrived{(r.Failure is null ? string.Empty : ": " + r.Failure)}"),
        FireExpected { ChangedByUpdate: true } f => !f.Fired && f.Cause == MissCause.Update
            ? Missed(f, f.Late, $"timer r{f.RegKey} fires: it was updated to {f.Frequency} and is due", "it did not fire")
            : Judgement.Pass,
        TimerCalled { Touched: false, AfterThrow: false, AtIterationStart: { ChangedByUpdate: true } t } c => t.Frequency < 0
            ? Violation(c, "a timer updated to -1 stops", $"timer r{c.RegKey} fired after update to -1")
            : Judgement.Pass,
        UpdateReturned { IsTimer: true, WasLive: true, Exception: not null } u => Violation(u, "update_timeout of a live timer returns", $"threw {u.Exception}"),
        _ => Judgement.Skip,
    };
}
