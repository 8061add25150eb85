using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>What one work unit runs, whatever its tier: a named case (<see cref="NamedUnit"/>),
/// a generated run (<see cref="GeneratedUnit"/>), one schedule of a threaded case
/// (<see cref="ThreadedUnit"/>) or a native case (<see cref="NativeUnit"/>). The plan makes
/// them; the certifier, the unit runner, isolation and the reports ask a unit's case what they
/// need, and never switch on what kind it is.</summary>
/// <remarks>A new tier is a new subclass and its units in <see cref="WorkPlan"/>.</remarks>
public abstract class UnitCase
{
    /// <summary>The tier the case belongs to: its unit's verdict line, and which tier a
    /// <see cref="ShortCut"/> trip stops.</summary>
    public abstract Tier Tier { get; }

    /// <summary>The case's stable id; null for a generated run.</summary>
    public abstract string? Id { get; }

    /// <summary>The rule the case is aimed at: its hang or crash is charged there. Null for a
    /// generated run: any rule can fail in it, so its death is reported at run level.</summary>
    public abstract string? AimedAt { get; }

    /// <summary>A generated scenario (counted in the report's generated runs; a worker told to skip
    /// generated runs skips it).</summary>
    public virtual bool Generated => false;

    /// <summary>Counted among the progress line's runs (generated runs, threaded schedules), not
    /// among its cases.</summary>
    public abstract bool CountsAsRun { get; }

    /// <summary>Its trace hash enters the certification's <c>traceHash</c>: false for real threads,
    /// whose interleaving is the machine's.</summary>
    public virtual bool Reproducible => true;

    /// <summary>Runs in a child process of its own, after the other units (libvirt accepts one
    /// event loop per process, and a hung session holds it).</summary>
    public virtual bool RunsAlone => false;

    /// <summary>What a counterexample of it records as its run: the generated run, the threaded
    /// schedule, -1 for a named case.</summary>
    public abstract int CounterexampleRun { get; }

    /// <summary>"named case X", "generated run 7 (seed 1)", "threaded case X, schedule 2", "native case X".</summary>
    public abstract string Name(CertifyOptions o);

    /// <summary>Where a counterexample of it was found, for a story's header: "named case X",
    /// "seed 1, run 7".</summary>
    internal virtual string FoundIn(CertifyOptions o) => Name(o);

    /// <summary>The scenario the fake core plays (named cases and generated runs); null for a case
    /// that is not a scenario of steps.</summary>
    public virtual Scenario? Scenario(CertifyOptions o) => null;

    /// <summary>The certify options, after <c>--loop</c>, that run this unit again (with the others
    /// of its rule, or the runs before it).</summary>
    /// <param name="timeout">The run's <c>--timeout</c>, in seconds.</param>
    public abstract string RerunArguments(CertifyOptions o, string timeout);

    /// <summary>How long a worker may be silent on this unit before its parent gives up.</summary>
    public virtual TimeSpan Bound(TimeSpan deadline) => deadline;

    /// <summary>What a hang of this unit was: the deadline it outlived.</summary>
    internal virtual string HangCause(TimeSpan deadline) => $"the loop did not return within {deadline.TotalSeconds:0.###} s (--timeout)";

    /// <summary>Runs the case once against a fresh loop, judged by every selected rule.</summary>
    /// <param name="scenario">What <see cref="Scenario"/> gave, made once per unit by the runner
    /// (the reference loop plays the same).</param>
    internal abstract UnitRun Run(UnitContext context, Scenario? scenario);

    /// <summary>What the unit measured on the real clock for the report's plots; none on the
    /// virtual clock, where the numbers are the scenario's.</summary>
    internal virtual ImmutableArray<Measurement> Measure(ScenarioOutcome outcome, CertifyOptions o) =>
        o.RealClock ? Measurements.From(outcome.Facts, Measurements.RealClockScenarios) : [];

    /// <summary>The report's entry for the case (named and native cases); null for a run.</summary>
    /// <param name="failed">The unit hung, crashed, or a rule found something against the loop.</param>
    /// <param name="death">What ended it, charged to <see cref="AimedAt"/>, when it hung or crashed.</param>
    internal virtual CaseResult? Result(UnitResult r, bool failed, Finding? death) => null;

    /// <summary>A case's findings in its report entry: the unit's, then what ended it, if anything.</summary>
    private protected static ImmutableArray<Finding> FindingsWith(UnitResult r, Finding? death) =>
        death is null ? r.Findings : r.Findings.Add(death);

    /// <summary>Units that share a group stop once the group has <see cref="StrikeLimit"/> strikes
    /// (each hang of a generated run costs a deadline; each failing schedule of a threaded case
    /// its patience); null: never stopped so.</summary>
    internal virtual string? StrikeGroup => null;

    internal virtual int StrikeLimit => int.MaxValue;

    /// <summary>The strikes a result adds to its group.</summary>
    internal virtual int Strikes(UnitResult r, bool failed) => 0;
}
