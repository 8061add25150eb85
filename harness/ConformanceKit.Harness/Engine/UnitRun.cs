using System.Collections.Immutable;
using ConformanceKit.Harness.Judging;

namespace ConformanceKit.Harness.Engine;

/// <summary>What running one unit's case gave: the judged outcome, the counterexamples made from
/// it, and how long shrinking each took (Stopwatch ticks, by rule).</summary>
internal sealed record UnitRun(ScenarioOutcome Outcome, ImmutableArray<Counterexample> Counterexamples, ImmutableDictionary<string, long> ShrinkTicks)
{
    /// <summary>A run with no counterexample and nothing shrunk.</summary>
    public static UnitRun Judged(ScenarioOutcome outcome) => new(outcome, [], ImmutableDictionary<string, long>.Empty);
}
