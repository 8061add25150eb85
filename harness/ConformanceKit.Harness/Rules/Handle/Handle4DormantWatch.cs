using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-4 (INFO): a watch whose mask is 0 is dormant. libvirt's own loops stop watching its fd entirely, error and hangup included; a loop that still reports Error/Hangup there is recorded, not failed.</summary>
internal sealed class Handle4DormantWatch : Rule
{
    public override string Id => "HANDLE-4";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "a watch whose mask is 0 is dormant. libvirt's own loops stop watching its fd entirely, error and hangup included; a loop that still reports Error/Hangup there is recorded, not failed.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        DormantObserved d => Observe(d, d.Called
            ? $"a watch with mask 0 was called back for {d.Condition} (libvirt's loops stay silent)"
            : $"a watch with mask 0 stayed silent on {d.Condition}, as libvirt's loops do"),
        _ => Judgement.Skip,
    };

    public override bool Chooses => true;

    public override string? Choice(Fact fact) =>
        fact is DormantObserved d ? (d.Called ? $"called back for {d.Condition}" : $"silent on {d.Condition}") : null;
}
