using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Runs each scenario of the deterministic tier against the reference loop too, on the
/// virtual clock, whatever clock or process the loop under test runs on (issue 15): what the
/// reference chose where the contract leaves a choice (<see cref="Rule.Chooses"/>), for the report
/// to set beside the loop's, and where the reference breaks a rule, a harness failure.</summary>
/// <remarks>The reference is judged by every rule, so the model is checked on every scenario of
/// every certification. A scenario the reference fails is shrunk against the reference and kept
/// as a counterexample of the reference (<see cref="Counterexample.Loop"/> is
/// <c>reference</c>), one per rule, written apart from the loop's
/// (<see cref="CounterexampleFile.ReferencePathFor"/>); it never enters the loop's verdicts.</remarks>
/// <param name="builtIn">The reference is this project's reference loop (false for the test seam's stand-in).</param>
internal sealed class ReferenceRun(CertifyOptions o, Func<TimeProvider, EventImpl> createReference, Watchdog watchdog, bool builtIn)
{
    /// <summary>The rule id a reference failure that hung or threw is filed under.</summary>
    public const string Hang = "hang";

    /// <summary>The breadcrumb phase of an isolation worker while the reference runs.</summary>
    public const string Phase = "reference";

    /// <summary>A unit whose worker died while the reference loop ran its scenario: the loop's
    /// result went with it, and the death is the reference's, a harness failure.</summary>
    public static UnitResult Died(CertifyOptions o, WorkUnit u, string what)
    {
        var scenario = u.Case.Scenario(o) ?? new Scenario([], []);
        string header = $"{Hang}: the REFERENCE loop's worker died, not {o.Loop} ({u.Case.Name(o)}); a harness failure";
        var cx = new Counterexample(Counterexample.CurrentSchemaVersion, Loading.LoopLoader.Reference, o.Seed, u.Case.CounterexampleRun, u.Case.Id, Hang,
            scenario.Steps.Length, scenario, ["the scenario runs to its end"], what,
            [header, $"actual:   {what}"]) { Origin = u.Origin };
        return UnitResult.Died(u, hung: false) with { Crashed = false, ReferenceFailures = [cx] };
    }

    private readonly ScenarioJudge _judge = new(createReference, RuleCatalogue.All, watchdog);

    /// <summary>Rules the reference already has a counterexample of (the first failure is kept).</summary>
    private readonly HashSet<string> _broke = [];

    /// <summary>The reference's choices on <paramref name="scenario"/> and its failures, if any;
    /// <paramref name="loops"/> is what the loop under test made of the same scenario.</summary>
    /// <remarks>Once the reference has hung it is not run again: every later scenario would cost
    /// a deadline, and the harness failure is already known.</remarks>
    public (ImmutableDictionary<string, ImmutableArray<string>>? Choices, ImmutableArray<Counterexample> Failures) Run(WorkUnit u, Scenario scenario, ScenarioOutcome loops)
    {
        if (_broke.Contains(Hang))
        {
            return (null, []);
        }

        if (WasTheReference(loops))
        {
            return (loops.Choices, []);
        }

        var outcome = Judge(scenario, out string? died);
        if (died is null && !outcome.Failures.Any())
        {
            return (outcome.Choices, []);
        }

        var failures = new List<Counterexample>();
        if (died is not null)
        {
            if (_broke.Add(Hang))
            {
                var finding = new Finding(Hang, Severity.Hang, -1, ["the scenario runs to its end"], died);
                failures.Add(Make(u, scenario, scenario, outcome, finding));
            }

            return (null, [.. failures]);
        }

        foreach (string ruleId in outcome.Failures.Select(f => f.RuleId).Distinct().Where(_broke.Add).ToList())
        {
            var (shrunk, _) = Shrinker.Shrink(scenario, s => Judge(s, out string? d) is var r && (d is not null || r.Fails(ruleId)));
            var final = Judge(shrunk, out _);
            var finding = final.Failures.FirstOrDefault(f => f.RuleId == ruleId);
            failures.Add(finding is null
                ? Make(u, scenario, scenario, outcome, outcome.Failures.First(f => f.RuleId == ruleId))
                : Make(u, scenario, shrunk, final, finding));
        }

        return (outcome.Choices, [.. failures]);
    }

    /// <summary>Whether the loop's run of the scenario was already the reference's run: the loop
    /// under test is this project's reference loop, on the virtual clock, judged by every rule, and
    /// it broke none.</summary>
    /// <remarks>The deterministic tier gives the same trace for the same scenario and the same loop,
    /// byte for byte, so running the reference again would judge the same trace by the same rules
    /// and find the same choices and no failure (<c>AlongsideTests</c> pins that the two give one
    /// report). It halved the cost of certifying the reference (issue 15, item 4). Any other loop,
    /// or a reference run that broke a rule, has the reference run as before: a failure is then
    /// shrunk against the reference and filed as the harness failure it is.</remarks>
    private bool WasTheReference(ScenarioOutcome loops) =>
        builtIn && loops.LoopType == typeof(Reference.ReferenceEventLoop) && !o.RealClock && o.RuleIds is null
        && !loops.Hung && !loops.Crashed && loops.Died is null && !loops.Failures.Any();

    /// <summary>One run of the reference; <paramref name="died"/> says why it did not come to its
    /// end (a hang, or an exception out of the harness's run of it).</summary>
    private ScenarioOutcome Judge(Scenario s, out string? died)
    {
        try
        {
            var outcome = _judge.Run(s);
            died = outcome.Hung ? $"the reference loop did not return within {(o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout).TotalSeconds:0.###} s" : null;
            return outcome;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            died = $"running the reference loop threw {LoopCreationException.Describe(e)}";
            return new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: true);
        }
    }

    private Counterexample Make(WorkUnit u, Scenario original, Scenario shrunk, ScenarioOutcome outcome, Finding finding)
    {
        string origin = $"{u.Case.FoundIn(o)}; shrunk from {original.Steps.Length} to {shrunk.Steps.Length} steps";
        string header = $"{finding.RuleId}: the REFERENCE loop broke it, not {o.Loop} ({origin}); a harness failure: the model or the reference is wrong";
        return new Counterexample(Counterexample.CurrentSchemaVersion, Loading.LoopLoader.Reference, o.Seed, u.Case.CounterexampleRun, u.Case.Id, finding.RuleId,
            original.Steps.Length, shrunk, [.. finding.Expected], finding.Actual, Story.Tell(header, outcome.Trace, finding, shrunk)) { Origin = u.Origin };
    }
}
