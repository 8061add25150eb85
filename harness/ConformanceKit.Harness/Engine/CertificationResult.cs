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
    /// <summary>No MUST rule failed, crashed or hung.</summary>
    public bool Certified => Rules.All(r => r.Rule.Level != ConformanceKit.Harness.Rules.RuleLevel.Must
        || r.Verdict is not (Verdict.Fail or Verdict.Crash or Verdict.Hang));
}
