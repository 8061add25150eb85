using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Life;

/// <summary>LIFE-3 (INFO): what happens to a watch whose fd was closed while registered (libvirt's loops report it as Error).</summary>
/// <remarks>Finding (libvirt 9.0.0, Debian 12, checked by ConformanceKit): neither libvirt's default loop nor libvirt-glib reports Error for such a watch; there is no callback at all, and a bounded RunOnce returns at once (the loop spins). The contract's parenthesis describes older poll-based libvirt; this rule only records what a loop does.</remarks>
internal sealed class Life3FdClosedWhileRegistered : Rule
{
    public override string Id => "LIFE-3";

    public override RuleLevel Level => RuleLevel.Info;

    public override string Sentence => "what happens to a watch whose fd was closed while registered (libvirt's loops report it as Error).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        ClosedFdObserved c => Observe(c, c.Reported == HandleEvents.None
            ? $"watch r{c.RegKey}: nothing reported after its fd was closed"
            : $"watch r{c.RegKey}: reported {c.Reported} after its fd was closed"),
        _ => Judgement.Skip,
    };
}
