using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>A unit of the deterministic tier: a scenario the fake core plays against the loop
/// (a named case or a generated run). The first failure of each rule is shrunk into a
/// counterexample; the reference loop runs the same scenario alongside (<see cref="ReferenceRun"/>).</summary>
public abstract class ScenarioUnit : UnitCase
{
    public override Tier Tier => Tier.Deterministic;

    public abstract override Scenario Scenario(CertifyOptions o);

    internal override UnitRun Run(UnitContext c, Scenario? made)
    {
        var scenario = made ?? Scenario(c.Options);
        var outcome = c.Judge.Run(scenario);
        var cxs = new List<Counterexample>();
        var shrink = new Dictionary<string, long>();
        foreach (var (ruleId, worst) in outcome.Failures.GroupBy(f => f.RuleId).Select(g => (g.Key, g.Max(f => f.Severity == Severity.Remark ? 0 : 1))).ToList())
        {
            // Shrink a rule's first failure, and its first violation after remarks only; the
            // shrunk scenario must keep the grade, or a violation would shrink into a remark.
            bool graver = worst > 0;
            if (c.Have.Contains(ruleId) || (!graver && !c.Remarked.Add(ruleId)))
            {
                continue;
            }

            if (graver)
            {
                c.Have.Add(ruleId);
            }

            long t0 = c.WallClock.GetTimestamp();
            var (shrunk, _) = Shrinker.Shrink(scenario, s => graver ? c.Judge.Run(s).FailsOutright(ruleId) : c.Judge.Run(s).Fails(ruleId));
            var final = c.Judge.Run(shrunk);
            if (final.Failures.FirstOrDefault(f => f.RuleId == ruleId && (!graver || f.Severity != Severity.Remark)) is { } finding)
            {
                cxs.Add(Counterexample(c.Options, scenario, shrunk, final, finding));
            }

            shrink[ruleId] = c.WallClock.GetTimestamp() - t0;
        }

        return new UnitRun(outcome, [.. cxs], shrink.ToImmutableDictionary());
    }

    private Counterexample Counterexample(CertifyOptions o, Scenario original, Scenario shrunk, ScenarioOutcome outcome, Finding finding)
    {
        string header = $"{finding.RuleId} {UnitContext.VerdictWord(finding)} on {o.Loop} ({FoundIn(o)}; shrunk from {original.Steps.Length} to {shrunk.Steps.Length} steps)";
        return new Counterexample(Engine.Counterexample.CurrentSchemaVersion, o.Loop, o.Seed, CounterexampleRun, Id, finding.RuleId, original.Steps.Length, shrunk,
            [.. finding.Expected], finding.Actual, Story.Tell(header, outcome.Trace, finding, shrunk))
        {
            Clock = o.RealClock ? Engine.Counterexample.RealClock : Engine.Counterexample.VirtualClock,
        };
    }
}
