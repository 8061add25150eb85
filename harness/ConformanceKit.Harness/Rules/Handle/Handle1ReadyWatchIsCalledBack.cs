using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-1 (MUST): a live watch whose mask asks for Readable (Writable) is called back when its fd is readable (writable), on the next iteration.</summary>
internal sealed class Handle1ReadyWatchIsCalledBack : Rule
{
    public override string Id => "HANDLE-1";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "a live watch whose mask asks for Readable (Writable) is called back when its fd is readable (writable), on the next iteration.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchExpected d when (d.Expected & Asked) != HandleEvents.None => d.Cause == MissCause.Plain && (d.Missing & Asked) != HandleEvents.None
            ? Violation(d, $"watch r{d.RegKey} called back with {d.Expected & Asked} in this iteration", MissText.Got(d))
            : Judgement.Pass,
        IterationThrew { Scripted: false, NullFfPending: false, Mutated: false } t => Crash(t, $"RunOnce threw {t.Exception}; nothing the contract allows explains it"),
        _ => Judgement.Skip,
    };

    private const HandleEvents Asked = HandleEvents.Readable | HandleEvents.Writable;
}
