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
