using System.Collections.Immutable;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>What one work unit produced: everything the certifier aggregates, and nothing that
/// cannot cross a process boundary as JSON (isolated runs stream these from a child).</summary>
/// <param name="Crashed">The process running the unit died (native crash, FailFast, stack overflow).</param>
/// <param name="Counterexamples">Counterexamples made from this unit, for rules that had none yet.</param>
/// <param name="Latencies">THREAD-2 wake-up latencies measured (ms; null: never woke).</param>
/// <param name="LeakedFds">Fds open after the unit that were not before it (loop and harness).</param>
public sealed record UnitResult(
    WorkUnit Unit,
    bool Hung,
    bool Crashed,
    string TraceHash,
    ImmutableArray<Finding> Findings,
    ImmutableDictionary<string, int> Checks,
    ImmutableDictionary<string, long> JudgeTicks,
    ImmutableDictionary<string, long> ShrinkTicks,
    ImmutableArray<Counterexample> Counterexamples,
    ImmutableArray<double?> Latencies,
    int LeakedFds)
{
    public IEnumerable<Finding> Failures => Findings.Where(f => f.Severity != Severity.Observation);

    public ScenarioOutcome AsOutcome() =>
        new([], TraceHash, Findings, Checks, Hung) { JudgeTicks = JudgeTicks };

    public static UnitResult Died(WorkUnit unit, bool hung) =>
        new(unit, hung, !hung, string.Empty, [], ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, long>.Empty,
            ImmutableDictionary<string, long>.Empty, [], [], 0);
}
