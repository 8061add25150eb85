using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-2 (MUST): the events passed to the callback are non-empty, and contain no bit that is neither in the watch's current mask nor Error/Hangup.</summary>
internal sealed class Handle2EventsAreNonEmptyAndAsked : Rule
{
    public override string Id => "HANDLE-2";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "the events passed to the callback are non-empty, and contain no bit that is neither in the watch's current mask nor Error/Hangup.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        HandleCalled h when h.Events == HandleEvents.None => Violation(h, "non-empty events", $"watch r{h.RegKey} called with no event bit"),
        HandleCalled { Live: { } w } h => Extra(h, w) is var extra && extra != HandleEvents.None && (extra & ~w.PastMasks) != HandleEvents.None
            ? Violation(h, $"only bits of {w.Mask} plus Error/Hangup", $"watch r{h.RegKey} called with {h.Events}")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };

    /// <summary>Bits neither in the mask (now or at the iteration's start) nor Error/Hangup.</summary>
    internal static HandleEvents Extra(HandleCalled h, Model.WatchModel w) =>
        h.Events & ~(w.Mask | (h.MaskAtIterationStart ?? HandleEvents.None) | HandleEvents.Error | HandleEvents.Hangup);
}
