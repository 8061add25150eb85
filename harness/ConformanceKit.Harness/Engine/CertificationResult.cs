using System.Collections.Immutable;

namespace ConformanceKit.Harness.Engine;

/// <summary>Everything a certification found; what the reports are written from.</summary>
/// <param name="TraceHash">SHA-256 over the hashes of every run's trace, in order: the same seed
/// gives the same value.</param>
/// <param name="Complete">False when the run was stopped before the end (Ctrl-C).</param>
public sealed record CertificationResult(
    string Loop,
    string Tier,
    ulong Seed,
    int Runs,
    int MaxSteps,
    int GeneratedRuns,
    int GeneratedFailures,
    string TraceHash,
    ImmutableArray<RuleResult> Rules,
    ImmutableArray<CaseResult> Cases,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    bool Complete)
{
    /// <summary>Which part of the work this result covers (1/1: all of it).</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>The trace hash of every run it made, by origin; <see cref="TraceHash"/> is the
    /// SHA-256 of these hashes in origin order, one per line, so merged shards give the same value.</summary>
    public RunHashList RunHashes { get; init; } = [];

    /// <summary>Generated runs (by origin) in which the loop hung: not pinned to a rule.</summary>
    public ImmutableArray<int> HungRuns { get; init; } = [];

    /// <summary>Generated runs (by origin) in which the loop's process died: not pinned to a rule.</summary>
    public ImmutableArray<int> CrashedRuns { get; init; } = [];

    /// <summary>What ended each generated run that hung or crashed ("crash: Environment.FailFast(...),
    /// in generated run 7 (seed 1), step 3 of 12 (...); replay: ..."), in origin order: such a run
    /// is charged to no rule, so the reports say it here.</summary>
    public ImmutableArray<string> RunDeaths { get; init; } = [];

    /// <summary>Scenarios the reference loop failed, one per rule it broke, in origin order
    /// (<see cref="ReferenceRun"/>): a harness failure (the model or the reference is wrong), never
    /// a verdict on the loop; the tool exits 3 and the loop is not certified.</summary>
    public ImmutableArray<Counterexample> ReferenceFailures { get; init; } = [];

    /// <summary>At least one rule had something to judge (a selection can leave every rule
    /// not-run, and nothing judged certifies nothing).</summary>
    public bool AnythingJudged => Rules.Any(r => r.Verdict != Verdict.NotRun);

    /// <summary>Something was judged, no MUST rule failed, crashed or hung, no generated run
    /// hung or crashed, and the reference loop failed no scenario.</summary>
    public bool Certified => AnythingJudged && HungRuns.IsEmpty && CrashedRuns.IsEmpty && ReferenceFailures.IsEmpty
        && Rules.All(r => r.Rule.Level != ConformanceKit.Harness.Rules.RuleLevel.Must
            || r.Verdict is not (Verdict.Fail or Verdict.Crash or Verdict.Hang));
}
