using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-1 (MUST): a live watch whose mask asks for Readable (Writable) is called back when its fd is readable (writable), on the next iteration.</summary>
/// <remarks>Finding: libvirt 9.0.0's GLib-based default loop, stepped one virEventRunDefaultImpl at a time, sometimes dispatches a ready watch one iteration late (the iteration that runs a removed watch's ff dispatches nothing else; GLib dispatches only the highest-priority ready sources). Under the stepping contract that is a miss; in libvirt's normal use it is a delay of one iteration. The rule is kept as written: a looser count would not catch loops that lose events.</remarks>
internal sealed class Handle1ReadyWatchIsCalledBack : Rule
{
    public override string Id => "HANDLE-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a live watch whose mask asks for Readable (Writable) is called back when its fd is readable (writable), on the next iteration.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchExpected d when (d.Expected & Asked) != HandleEvents.None => d.Cause == MissCause.Plain && (d.Missing & Asked) != HandleEvents.None
            ? Missed(d, d.Late, $"watch r{d.RegKey} called back with {d.Expected & Asked} in this iteration", MissText.Got(d))
            : Judgement.Pass,
        IterationThrew { Scripted: false, NullFfPending: false, Mutated: false } t => Crash(t, $"RunOnce threw {t.Exception}; nothing the contract allows explains it"),
        _ => Judgement.Skip,
    };

    private const HandleEvents Asked = HandleEvents.Readable | HandleEvents.Writable;
}
