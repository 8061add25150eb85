using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Engine;

/// <summary>Generated run <paramref name="run"/> of the certification's seed: a scenario of up to
/// <c>--max-steps</c> steps drawn by <see cref="ScenarioGenerator"/>.</summary>
public sealed class GeneratedUnit(int run) : ScenarioUnit
{
    /// <summary>The strike group of every generated run: they stop after
    /// <see cref="CertifyOptions.MaxGeneratedHangs"/> hangs, each of which cost a deadline.</summary>
    private const string Runs = "generated runs";

    public int RunNumber => run;

    public override string? Id => null;

    public override string? AimedAt => null;

    public override bool Generated => true;

    public override bool CountsAsRun => true;

    public override int CounterexampleRun => run;

    public override string Name(CertifyOptions o) => $"generated run {run} (seed {o.Seed})";

    public override Scenario Scenario(CertifyOptions o) => ScenarioGenerator.Generate(o.Seed, run, o.MaxSteps);

    public override string RerunArguments(CertifyOptions o, string timeout) =>
        $"--tier deterministic --cases generated --seed {o.Seed} --runs {run + 1} --max-steps {o.MaxSteps} --timeout {timeout}";

    internal override string FoundIn(CertifyOptions o) => $"seed {o.Seed}, run {run}";

    internal override string StrikeGroup => Runs;

    internal override int StrikeLimit => CertifyOptions.MaxGeneratedHangs;

    internal override int Strikes(UnitResult r, bool failed) => r.Hung ? 1 : 0;
}
