using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-3 (MUST): ff is never called before remove has returned: not from inside remove_handle / remove_timeout.</summary>
internal sealed class Free3NotFromInsideRemove : Rule
{
    public override string Id => "FREE-3";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "ff is never called before remove has returned: not from inside remove_handle / remove_timeout.";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FreeCalledFact f => f.InsideRemove
            ? Violation(f, "ff after remove has returned", $"ff of r{f.RegKey} called from inside remove (libvirt holds its lock there: deadlock)")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
