using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Life;

/// <summary>LIFE-3 (INFO): what happens to a watch whose fd was closed while registered (libvirt's old poll loop reported it as Error; libvirt 9.0.0's GLib-based loop calls nothing back and returns from every iteration at once).</summary>
/// <remarks>Contract version 2 states what ConformanceKit found with libvirt 9.0.0 (Debian 12): neither libvirt's default loop nor libvirt-glib calls such a watch back. This rule only records what a loop does.</remarks>
internal sealed class Life3FdClosedWhileRegistered : Rule
{
    public override string Id => "LIFE-3";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "what happens to a watch whose fd was closed while registered (libvirt's old poll loop reported it as Error; libvirt 9.0.0's GLib-based loop calls nothing back and returns from every iteration at once).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        ClosedFdObserved c => Observe(c, c.Reported == HandleEvents.None
            ? $"watch r{c.RegKey}: nothing reported after its fd was closed"
            : $"watch r{c.RegKey}: reported {c.Reported} after its fd was closed"),
        _ => Judgement.Skip,
    };

    public override bool Chooses => true;

    public override string? Choice(Fact fact) =>
        fact is ClosedFdObserved c ? (c.Reported == HandleEvents.None ? "nothing reported after the fd was closed" : $"reported {c.Reported} after the fd was closed") : null;
}
