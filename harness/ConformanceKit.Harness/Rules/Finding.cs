namespace ConformanceKit.Harness.Rules;

/// <summary>What a rule found at one point of a trace: what was acceptable and what happened.</summary>
/// <param name="RuleId">The contract's rule id.</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Seq">Trace position it refers to.</param>
/// <param name="Expected">The acceptable outcomes (any one would have been fine).</param>
/// <param name="Actual">What the loop did.</param>
/// <param name="Origin">Which run of a certification it came from: the named case's index, or the
/// number of named cases plus the generated run's number; -1 before it is known. Sharded
/// reports are merged in this order, so a merge reads like one run.</param>
public sealed record Finding(string RuleId, Severity Severity, int Seq, IReadOnlyList<string> Expected, string Actual, int Origin = -1)
{
    public override string ToString() => $"{RuleId} {Severity}: expected {string.Join(" or ", Expected)}; actual {Actual}";
}
