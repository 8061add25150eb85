using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Native;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>A native case (<see cref="NativeCases"/>): real libvirt drives the loop, in a child
/// process of its own.</summary>
public sealed class NativeUnit(NativeCase c) : UnitCase
{
    public NativeCase Case => c;

    public override Tier Tier => Tier.Native;

    public override string Id => c.Id;

    public override string AimedAt => c.RuleId;

    public override bool CountsAsRun => false;

    public override bool RunsAlone => true;

    public override int CounterexampleRun => 0;

    public override string Name(CertifyOptions o) => $"native case {c.Id}";

    public override string RerunArguments(CertifyOptions o, string timeout) => $"--tier native --timeout {timeout}";

    /// <summary>The longest its session may take when every wait runs to the deadline: the child's
    /// own verdict (hang, with the rest of what it measured) comes before the parent's.</summary>
    public override TimeSpan Bound(TimeSpan deadline) => c.SessionBound(deadline);

    internal override UnitRun Run(UnitContext context, Scenario? scenario)
    {
        var o = context.Options;
        if (c.RunWithinBound(o.Loop, context.CreateLoop, o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout) is not var (facts, trace))
        {
            return UnitRun.Judged(new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: true));
        }

        var outcome = context.Judge.JudgeFacts(facts) with { Trace = trace, TraceHash = TraceRecorder.Hash(trace) };
        var cxs = outcome.Failures.Where(f => context.Have.Add(f.RuleId)).Select(f => new Counterexample(Counterexample.CurrentSchemaVersion, o.Loop, o.Seed, 0,
            c.Id, f.RuleId, 0, new Scenario([], []), [.. f.Expected], f.Actual,
            Story.Tell($"{f.RuleId} failed on {o.Loop} (native case {c.Id}: real libvirt, {c.Where}; steps are libvirt's API calls)", trace, f))
            { Tier = Tier.Native }).ToImmutableArray();
        return new UnitRun(outcome, cxs, ImmutableDictionary<string, long>.Empty);
    }

    internal override ImmutableArray<Measurement> Measure(ScenarioOutcome outcome, CertifyOptions o) => Measurements.From(outcome.Facts, c.Id);

    internal override CaseResult Result(UnitResult r, bool failed, Finding? death) =>
        new(c.Id, c.Description, c.Expectation, !failed && r.NotRunReason is null, r.Hung, FindingsWith(r, death), r.TraceHash)
        { Crashed = r.Crashed, NotRunReason = r.NotRunReason };
}
