using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-3 (MUST): for a watch with a non-empty mask, an error or hangup on the fd is reported with the Error / Hangup bit, although the caller never asks for those bits.</summary>
/// <remarks>Finding: libvirt-glib 4.0.0 asks GLib only for readable/writable: Error is never reported and Hangup only after an update of the mask. Only the Error/Hangup it missed are graded here (<see cref="DispatchExpected.LateFor"/>), never the lateness of the Readable/Writable that HANDLE-1 judges.</remarks>
internal sealed class Handle3ErrorAndHangupReportedUnasked : Rule
{
    public override string Id => "HANDLE-3";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "for a watch with a non-empty mask, an error or hangup on the fd is reported with the Error / Hangup bit, although the caller never asks for those bits.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DispatchExpected d when (d.Expected & Unasked) != HandleEvents.None => d.Cause == MissCause.Plain && (d.Missing & Unasked) != HandleEvents.None
            ? Missed(d, d.LateFor(Unasked), $"watch r{d.RegKey} called back with {d.Expected & Unasked}", MissText.Got(d))
            : Judgement.Pass,
        _ => Judgement.Skip,
    };

    private const HandleEvents Unasked = HandleEvents.Error | HandleEvents.Hangup;
}
