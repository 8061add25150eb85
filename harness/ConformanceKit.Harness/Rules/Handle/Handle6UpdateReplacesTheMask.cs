using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-6 (MUST): update_handle replaces the mask: from the next iteration, dispatch follows the new mask alone.</summary>
internal sealed class Handle6UpdateReplacesTheMask : Rule
{
    public override string Id => "HANDLE-6";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "update_handle replaces the mask: from the next iteration, dispatch follows the new mask alone.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        // Real libvirt, the loop on its own thread: a clean session counts only when the loop
        // iterated while libvirt had its socket at mask 0 (a witness), as a threaded check does.
        MasksFollowedObserved m when m.Breaches > 0 => Violation(m, "no callback for bits libvirt's update dropped, from the next iteration on",
            $"{m.FirstBreach} ({m.Breaches} such callback(s))"),
        MasksFollowedObserved m => m.Witnesses > 0 ? Judgement.Pass : Judgement.Skip,
        DispatchExpected { Cause: MissCause.Update } d =>
            Missed(d, d.Late, $"watch r{d.RegKey} called back with {d.Missing}, which its new mask asks for", MissText.Got(d)),
        HandleCalled { Live: { } w, Touched: false } h when w.PastMasks != HandleEvents.None =>
            Handle2EventsAreNonEmptyAndAsked.Extra(h, w) is var extra && extra != HandleEvents.None && (extra & ~w.PastMasks) == HandleEvents.None
                ? Violation(h, $"only bits of the new mask {w.Mask} plus Error/Hangup", $"watch r{h.RegKey} called with {h.Events}: {extra} is from its old mask")
                : Judgement.Pass,
        UpdateReturned { IsTimer: false, WasLive: true, Exception: not null } u => Violation(u, "update_handle of a live watch returns", $"threw {u.Exception}"),
        _ => Judgement.Skip,
    };
}
