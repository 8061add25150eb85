using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Judging;

/// <summary>What one scenario run produced: its trace, the findings of every rule, and how many
/// times each rule had something to judge.</summary>
public sealed record ScenarioOutcome(
    ImmutableArray<TraceEvent> Trace,
    string TraceHash,
    ImmutableArray<Finding> Findings,
    ImmutableDictionary<string, int> Checks,
    bool Hung)
{
    /// <summary>The facts the rules judged (the threaded tier reads its measurements from them).</summary>
    public ImmutableArray<Facts.Fact> Facts { get; init; } = [];

    /// <summary>Stopwatch ticks each rule's check took on this trace (the harness's own cost, for
    /// the report's per-rule timing; never part of a trace or a verdict).</summary>
    public ImmutableDictionary<string, long> JudgeTicks { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>The type of the loop the run made (null when none was made, or the run hung).</summary>
    public Type? LoopType { get; init; }

    /// <summary>For each rule that <see cref="Rule.Chooses"/>, the choices this run showed
    /// (<see cref="Rule.Choice"/>), distinct and in ordinal order; rules that showed none are absent.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Choices { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;

    /// <summary>The loop's process died or broke the bridge protocol during the run (a bridged loop).</summary>
    public bool Crashed { get; init; }

    /// <summary>What the adapter of a bridged loop did wrong, with its stderr tail (crash or hang).</summary>
    public string? Died { get; init; }

    /// <summary>Findings that count against the loop (not observations).</summary>
    public IEnumerable<Finding> Failures => Findings.Where(f => f.Severity != Severity.Observation);

    public bool Fails(string ruleId) => Hung || Crashed || Failures.Any(f => f.RuleId == ruleId);

    /// <summary>Fails the rule with worse than a remark (a violation or a crash).</summary>
    public bool FailsOutright(string ruleId) => Hung || Crashed || Failures.Any(f => f.RuleId == ruleId && f.Severity is Severity.Violation or Severity.Crash);
}
