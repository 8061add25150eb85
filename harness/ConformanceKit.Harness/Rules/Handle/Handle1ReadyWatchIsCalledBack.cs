using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-1 (MUST): a live watch whose mask asks for Readable (Writable) is called back when its fd is readable (writable), on the next iteration.</summary>
/// <remarks>Contract version 2, "Late by one iteration": a watch called back one iteration late meets the rule with a remark, two or more fails (<see cref="Rule.Missed"/>). libvirt 9.0.0's GLib-based default loop is one late after a watch's removal (that iteration runs the removed watch's ff alone: GLib dispatches only the best ready priority). Only the Readable/Writable it missed are graded here (<see cref="DispatchExpected.LateFor"/>): an Error/Hangup that never came with them is HANDLE-3's, and does not make a Writable that came one iteration late "never".</remarks>
internal sealed class Handle1ReadyWatchIsCalledBack : Rule
{
    public override string Id => "HANDLE-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a live watch whose mask asks for Readable (Writable) is called back when its fd is readable (writable), on the next iteration.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        // The remote native case is aimed here: its socket watch carries libvirt's replies, events
        // and keepalive pongs, so a session that broke off after its events is charged here.
        NativeSessionFailed { RuleId: "HANDLE-1" } f => Violation(f, "real libvirt's remote session runs to its end", f.Failure),
        DispatchExpected d when (d.Expected & Asked) != HandleEvents.None => d.Cause == MissCause.Plain && (d.Missing & Asked) != HandleEvents.None
            ? Missed(d, d.LateFor(Asked), $"watch r{d.RegKey} called back with {d.Expected & Asked} in this iteration", MissText.Got(d))
            : Judgement.Pass,
        IterationThrew { Scripted: false, NullFfPending: false, Mutated: false } t => Crash(t, $"RunOnce threw {t.Exception}; nothing the contract allows explains it"),
        _ => Judgement.Skip,
    };

    private const HandleEvents Asked = HandleEvents.Readable | HandleEvents.Writable;
}
