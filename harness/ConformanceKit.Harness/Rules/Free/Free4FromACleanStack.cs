using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Free;

/// <summary>FREE-4 (MUST): ff is called from a clean stack: never while a handle or timeout callback is running (a removal made inside a callback has its ff deferred until the loop is back at its top level).</summary>
internal sealed class Free4FromACleanStack : Rule
{
    public override string Id => "FREE-4";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "ff is called from a clean stack: never while a handle or timeout callback is running (a removal made inside a callback has its ff deferred until the loop is back at its top level).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FreeCalledFact f => f.InCallback
            ? Violation(f, "ff once the loop is back at its top level", $"ff of r{f.RegKey} called while a callback was running")
            : Judgement.Pass,
        _ => Judgement.Skip,
    };
}
