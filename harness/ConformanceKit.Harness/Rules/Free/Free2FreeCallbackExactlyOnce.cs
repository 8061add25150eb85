using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-2 (MUST): the ff of a registration that was added successfully and removed is called exactly once, with its opaque; never for a registration that was not removed; never twice.</summary>
/// <remarks>Judged after the harness settles the loop (contract version 2: live registrations disabled, up to ten iterations or one second): libvirt 9.0.0's loops hold a removed timer's ff back while anything else is ready (a low-priority GLib idle source), which is FREE-6's remark; an ff still missing once the loop is idle fails here.</remarks>
internal sealed class Free2FreeCallbackExactlyOnce : Rule
{
    public override string Id => "FREE-2";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "the ff of a registration that was added successfully and removed is called exactly once, with its opaque; never for a registration that was not removed; never twice.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FreeDue d => Judgement.Pass,
        FreeMissing m => Violation(m, $"ff of r{m.RegKey} called once after its removal", "never called"),
        FreeCalledFact { RegBefore.AddFailed: true } => Judgement.Skip, // IDS-7's
        FreeCalledFact f when f.RegBefore.FreeCount > 0 => Violation(f, $"ff of r{f.RegKey} called exactly once", "called a second time"),
        FreeCalledFact f when f.OpaqueOf != f.RegKey => Violation(f, $"ff called with the opaque of r{f.RegKey}", f.OpaqueOf == 0 ? "called with null" : $"called with the opaque of r{f.OpaqueOf}"),
        FreeCalledFact { RegBefore.Removed: false, InsideRemove: false, Phase: not ConformanceKit.FakeLibvirt.Trace.PhaseStarted.Dispose } f =>
            Violation(f, "ff only for a removed registration", $"ff of r{f.RegKey} called while it is still registered"),
        FreeCalledFact => Judgement.Pass,
        _ => Judgement.Skip,
    };
}
