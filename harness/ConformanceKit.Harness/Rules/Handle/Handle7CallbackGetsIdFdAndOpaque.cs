using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-7 (MUST): the callback receives the watch id that add returned, the fd it was given, and the very opaque object it was given.</summary>
internal sealed class Handle7CallbackGetsIdFdAndOpaque : Rule
{
    public override string Id => "HANDLE-7";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "the callback receives the watch id that add returned, the fd it was given, and the very opaque object it was given.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        HandleCalled h when h.PassedId != h.Reg.Id => Violation(h, $"watch id {h.Reg.Id}", $"called with watch id {h.PassedId}"),
        HandleCalled h when h.PassedSlot != h.Reg.Slot => Violation(h, $"the fd of slot {h.Reg.Slot}", h.PassedSlot < 0 ? "called with an fd the watch was not added with" : $"called with the fd of slot {h.PassedSlot}"),
        HandleCalled h when h.OpaqueOf != h.RegKey => Violation(h, $"the opaque of r{h.RegKey}", h.OpaqueOf switch { 0 => "called with null", -1 => "called with a foreign object", var o => $"called with the opaque of r{o}" }),
        HandleCalled => Judgement.Pass,
        _ => Judgement.Skip,
    };
}
