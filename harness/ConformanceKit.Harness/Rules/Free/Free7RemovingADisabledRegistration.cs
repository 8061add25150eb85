using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-7 (MUST): removing a disabled registration (timer at -1, watch with mask 0) succeeds and its ff is called.</summary>
internal sealed class Free7RemovingADisabledRegistration : Rule
{
    public override string Id => "FREE-7";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "removing a disabled registration (timer at -1, watch with mask 0) succeeds and its ff is called.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        // Where the binding tells libvirt 0 whatever remove returned, "succeeds" is "did not
        // throw": the value itself is IDS-5's.
        RemoveReturned { WasLive: true, WasDisabled: true } r => r.Exception is null && (r.Result == 0 || r.ResultDiscarded)
            ? Judgement.Pass
            : Violation(r, "remove of a disabled registration returns 0", r.Exception is null ? $"returned {r.Result}" : $"threw {r.Exception}"),
        FreeMissing { WasDisabled: true } m => Violation(m, $"ff of the disabled r{m.RegKey} called after removal", "never called"),
        _ => Judgement.Skip,
    };
}
