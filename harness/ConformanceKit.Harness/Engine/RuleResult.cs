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
    Counterexample? Counterexample)
{
    /// <summary>Its tier ran and it was selected (false: not-run whatever else is known).</summary>
    public bool Judged { get; init; } = true;

    /// <summary>Why it was not run, when the loop's kind says so (a bridged loop has no threaded tier).</summary>
    public string? NotRunReason { get; init; }

    /// <summary>What the verdict means for this loop's binding, shown beside it (Perl: libvirt
    /// never sees what remove returns, IDS-5); null for most loops.</summary>
    public string? Caveat { get; init; }

    /// <summary>The worst severity found against the loop over all runs (null: none); kept so
    /// that shard reports can be merged and graded again (<see cref="Grading"/>).</summary>
    public Severity? Worst { get; init; }

    /// <summary>A case aimed at it hung, or a generated run hung while it had found nothing.</summary>
    public bool Hung { get; init; }

    /// <summary>The origin of the run where each of <see cref="Observations"/> was first seen.</summary>
    public ImmutableArray<int> ObservationOrigins { get; init; } = [];

    /// <summary>Time its own checks took over all runs (the loop runs are shared by all rules).</summary>
    public TimeSpan JudgeTime { get; init; }

    /// <summary>For a rule whose outcome the contract leaves open (<see cref="Rule.Chooses"/>):
    /// the loop's choices beside the reference loop's on the same scenarios; null for the others,
    /// and when no scenario showed a choice.</summary>
    public ChoiceComparison? Alongside { get; init; }

    /// <summary>What the real-clock tiers measured for it, for the report's plots: the first
    /// <see cref="Engine.Measurements.KeptPerRule"/> values, in the order the units ran.</summary>
    public ImmutableArray<Measurement> Measurements { get; init; } = [];

    /// <summary>How many values were measured (more than <see cref="Measurements"/> holds when some
    /// were not kept).</summary>
    public int Measured { get; init; }

    /// <summary>Time spent shrinking its counterexample.</summary>
    public TimeSpan ShrinkTime { get; init; }
}
