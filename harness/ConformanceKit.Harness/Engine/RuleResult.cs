using System.Collections.Immutable;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>One rule's result over a certification.</summary>
/// <param name="Checks">How many times it had something to judge.</param>
/// <param name="Cases">The named cases whose trace it judged.</param>
/// <param name="Observations">What INFO-level behaviour it recorded (distinct, a few).</param>
/// <param name="Findings">The first findings against the loop.</param>
/// <param name="Counterexample">A shrunk failing scenario, when it failed.</param>
public sealed record RuleResult(
    Rule Rule,
    Verdict Verdict,
    int Checks,
    ImmutableArray<string> Cases,
    ImmutableArray<string> Observations,
    ImmutableArray<Finding> Findings,
    Counterexample? Counterexample);
