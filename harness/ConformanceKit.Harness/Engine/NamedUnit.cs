using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>A named case (<see cref="NamedCases"/>) as a unit of the deterministic tier.</summary>
public sealed class NamedUnit(NamedCase c) : ScenarioUnit
{
    public NamedCase Case => c;

    public override string Id => c.Id;

    public override string AimedAt => c.RuleId;

    public override bool CountsAsRun => false;

    public override int CounterexampleRun => -1;

    public override string Name(CertifyOptions o) => $"named case {c.Id}";

    public override Scenario Scenario(CertifyOptions o) => c.Scenario;

    public override string RerunArguments(CertifyOptions o, string timeout) =>
        $"--tier deterministic --rules {c.RuleId} --runs 0 --timeout {timeout}";

    internal override CaseResult Result(UnitResult r, bool failed, Finding? death) =>
        new(c.Id, c.Description, c.Expectation, !failed, r.Hung, FindingsWith(r, death), r.TraceHash) { Crashed = r.Crashed };
}
