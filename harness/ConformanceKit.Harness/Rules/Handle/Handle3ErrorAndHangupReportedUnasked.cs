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
        DaemonGoneObserved g => Gone(g),
        _ => Judgement.Skip,
    };

    /// <summary>The remote case with the daemon killed: the socket's hangup must reach libvirt
    /// through the loop (libvirt then closes the connection and calls the close callback), and the
    /// loop must then block rather than spin. That libvirt reported its own hangup bits is judged
    /// from the trace, above.</summary>
    private Judgement Gone(DaemonGoneObserved g) =>
        g.HangupReported < g.HangupCalls ? Violation(g, "libvirt's socket watch (mask Readable) called back with Hangup while the kernel reports POLLHUP",
                $"called back with {g.Reported} ({g.HangupCalls - g.HangupReported} of {g.HangupCalls} callbacks after the daemon was killed lacked Hangup)")
        : !g.Closed ? Violation(g, "the hangup of libvirt's socket is reported, and libvirt's close callback comes",
                $"no close callback within the deadline ({g.IterationsUntilClosed} iterations){(g.NextCallFailed ? "; libvirt learned it only when its next call failed" : string.Empty)}{(g.Failure is null ? string.Empty : ": " + g.Failure)}")
        : g.Spun ? Violation(g, $"RunOnce({g.IterationWaitMs:0} ms) blocks once libvirt's connection is gone",
                $"it returned {g.QuietIterations} times in {g.QuietMs:0} ms: the loop spins")
        : Judgement.Pass;

    private const HandleEvents Unasked = HandleEvents.Error | HandleEvents.Hangup;
}
