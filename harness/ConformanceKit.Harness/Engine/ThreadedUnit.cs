using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>One schedule of a threaded case (<see cref="ThreadedTier.Cases"/>): real threads
/// call the loop while it runs on its own thread, on the real clock.</summary>
public sealed class ThreadedUnit(ThreadedCase c, int schedule) : UnitCase
{
    public ThreadedCase Case => c;

    public int Schedule => schedule;

    public override Tier Tier => Tier.Threaded;

    public override string Id => c.Id;

    public override string AimedAt => c.RuleId;

    public override bool CountsAsRun => true;

    /// <summary>The interleaving is the machine's: the same schedule gives another trace.</summary>
    public override bool Reproducible => false;

    public override int CounterexampleRun => schedule;

    public override string Name(CertifyOptions o) => $"threaded case {c.Id}, schedule {schedule}";

    public override string RerunArguments(CertifyOptions o, string timeout) =>
        $"--tier threaded --rules {c.RuleId} --seed {o.Seed} --schedules {schedule + 1} --timeout {timeout}";

    internal override string HangCause(TimeSpan deadline) =>
        $"the loop did not return within {(deadline + ThreadedTier.PatienceAllowance).TotalSeconds:0.###} s (--timeout {deadline.TotalSeconds:0.###} s and the case's patience)";

    internal override UnitRun Run(UnitContext context, Scenario? scenario)
    {
        var o = context.Options;
        var outcome = context.Threaded.RunOnce(c, o.Seed, schedule);
        var cxs = outcome.Failures.Where(f => context.Have.Add(f.RuleId)).Select(f => Counterexample(o, f)).ToImmutableArray();
        return new UnitRun(outcome, cxs, ImmutableDictionary<string, long>.Empty);
    }

    internal override ImmutableArray<Measurement> Measure(ScenarioOutcome outcome, CertifyOptions o) => Measurements.From(outcome.Facts, Tier.Threaded.Name);

    /// <summary>A threaded case's schedules stop after <see cref="CertifyOptions.MaxThreadedFailures"/>
    /// failing ones (a loop that sleeps through changes costs patience each time).</summary>
    internal override string StrikeGroup => c.Id;

    internal override int StrikeLimit => CertifyOptions.MaxThreadedFailures;

    /// <summary>A schedule that judged nothing (the loop never let the case start) strikes too. One
    /// whose loop slept through the stop ends the case at once: it cost two patience periods, and
    /// the next would show nothing new (the other cases still run: <see cref="ShortCut"/>).</summary>
    internal override int Strikes(UnitResult r, bool failed) =>
        r.LoopStuck ? CertifyOptions.MaxThreadedFailures : failed || r.Checks.IsEmpty ? 1 : 0;

    private Counterexample Counterexample(CertifyOptions o, Finding finding)
    {
        string[] story =
        [
            $"{finding.RuleId} {UnitContext.VerdictWord(finding)} on {o.Loop} (threaded case {c.Id}, seed {o.Seed}, schedule {schedule}; real threads: the seed fixes the plan, not the interleaving)",
            $"     {c.Description}",
            $"expected: {string.Join(" or ", finding.Expected)}",
            $"actual:   {finding.Actual}",
        ];
        return new Counterexample(Engine.Counterexample.CurrentSchemaVersion, o.Loop, o.Seed, schedule, c.Id, finding.RuleId, 0,
            new Scenario([], []), [.. finding.Expected], finding.Actual, [.. story])
        {
            Tier = Tier.Threaded,
        };
    }
}
