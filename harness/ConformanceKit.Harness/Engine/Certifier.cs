using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Certifies a loop. The deterministic tier: every named case, then generated scenarios,
/// each judged by every rule; the first failure of each rule is shrunk into a counterexample.
/// Then the threaded tier (<see cref="Certifier"/>.Threaded.cs).</summary>
public sealed partial class Certifier(Func<TimeProvider, EventImpl> createLoop, TimeProvider wallClock)
{
    public const string Tier = "deterministic";

    public CertificationResult Run(CertifyOptions o, IProgress<CertifyProgress>? progress = null, CancellationToken cancel = default)
    {
        var started = wallClock.GetUtcNow();
        var rules = o.RuleIds is null ? RuleCatalogue.All : [.. RuleCatalogue.All.Where(r => o.RuleIds.Contains(r.Id, StringComparer.OrdinalIgnoreCase))];
        bool deterministic = o.Tier is TierChoice.All or TierChoice.Deterministic;
        bool threaded = o.Tier is TierChoice.All or TierChoice.Threaded;
        var judged = rules.ToList();
        var tallies = RuleCatalogue.All.ToDictionary(r => r.Id, r => new RuleTally(r));
        using var watchdog = new Watchdog(o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout);
        var judge = new ScenarioJudge(createLoop, judged, watchdog);
        var cases = new List<CaseResult>();
        var named = NamedCases.All;
        int failures = 0;
        bool complete = true;

        var shard = o.Shard ?? Shard.Whole;
        var runHashes = new List<RunHash>();
        for (int index = 0; index < named.Length && deterministic; index++)
        {
            var c = named[index];
            if (!shard.Owns(index))
            {
                continue;
            }

            if (cancel.IsCancellationRequested)
            {
                complete = false;
                break;
            }

            var outcome = Stamp(judge.Run(c.Scenario), index);
            runHashes.Add(new RunHash(index, outcome.TraceHash));
            var against = outcome.Failures.ToImmutableArray();
            cases.Add(new CaseResult(c.Id, c.Description, c.Expectation, against.IsEmpty && !outcome.Hung, outcome.Hung, [.. outcome.Findings], outcome.TraceHash));
            failures += against.IsEmpty && !outcome.Hung ? 0 : 1;
            foreach (var t in tallies.Values)
            {
                t.Add(outcome, c.Id);
                if (outcome.Hung && t.Rule.Id == c.RuleId)
                {
                    t.Hung = true;
                }

                if (t.Counterexample is null && against.Any(f => f.RuleId == t.Rule.Id))
                {
                    long t0 = wallClock.GetTimestamp();
                    t.Counterexample = ShrinkInto(o, -1, c.Id, t.Rule.Id, c.Scenario, judge);
                    t.ShrinkTime += wallClock.GetElapsedTime(t0);
                }
            }

            progress?.Report(new CertifyProgress(cases.Count, named.Length, 0, o.Runs, failures));
        }

        int runsDone = 0;
        int hangs = 0;
        for (int run = 0; run < o.Runs && complete && deterministic && hangs < CertifyOptions.MaxGeneratedHangs; run++)
        {
            if (cancel.IsCancellationRequested)
            {
                complete = false;
                break;
            }

            int origin = named.Length + run;
            if (!shard.Owns(origin))
            {
                continue;
            }

            var scenario = ScenarioGenerator.Generate(o.Seed, run, o.MaxSteps);
            var outcome = Stamp(judge.Run(scenario), origin);
            runsDone++;
            runHashes.Add(new RunHash(origin, outcome.TraceHash));
            if (outcome.Hung)
            {
                hangs++;
                failures++;
                continue;
            }

            var against = outcome.Failures.ToImmutableArray();
            failures += against.IsEmpty ? 0 : 1;
            foreach (var t in tallies.Values)
            {
                t.Add(outcome, null);
                if (t.Counterexample is null && against.Any(f => f.RuleId == t.Rule.Id))
                {
                    long t0 = wallClock.GetTimestamp();
                    t.Counterexample = ShrinkInto(o, run, null, t.Rule.Id, scenario, judge);
                    t.ShrinkTime += wallClock.GetElapsedTime(t0);
                }
            }

            progress?.Report(new CertifyProgress(cases.Count, named.Length, runsDone, o.Runs, failures));
        }

        if (hangs > 0)
        {
            // A generated run hung: nobody can say which rule's check it was in the middle of,
            // so every rule that has no worse verdict says hang.
            foreach (var t in tallies.Values.Where(t => !t.HasFailure))
            {
                t.Hung = true;
            }
        }

        if (threaded && complete)
        {
            complete = RunThreaded(o, shard, judge, tallies, runHashes, ref failures, cancel);
        }

        var results = tallies.Values
            .Select(t => t.ToResult(tierRan: rules.Contains(t.Rule) && ((t.Rule.Tier == RuleTier.Deterministic ? deterministic : threaded) || t.Checks > 0)))
            .OrderBy(r => RuleCatalogue.All.IndexOf(r.Rule))
            .ToImmutableArray();
        return new CertificationResult(o.Loop, TierName(o.Tier), o.Seed, o.Runs, o.MaxSteps, runsDone, failures,
            RunHash.Combine(runHashes), results, [.. cases], started, wallClock.GetUtcNow(), complete)
        {
            Shard = shard,
            RunHashes = [.. runHashes],
        };
    }

    private static ScenarioOutcome Stamp(ScenarioOutcome outcome, int origin) =>
        outcome with { Findings = [.. outcome.Findings.Select(f => f with { Origin = origin })] };

    private static Counterexample? ShrinkInto(CertifyOptions o, int run, string? caseId, string ruleId, Scenario failing, ScenarioJudge judge)
    {
        var (shrunk, _) = Shrinker.Shrink(failing, s => judge.Run(s).Fails(ruleId));
        var outcome = judge.Run(shrunk);
        var finding = outcome.Failures.FirstOrDefault(f => f.RuleId == ruleId);
        return finding is null ? null : Make(o, run, caseId, ruleId, failing, shrunk, outcome, finding);
    }

    private static Counterexample Make(CertifyOptions o, int run, string? caseId, string ruleId, Scenario original, Scenario shrunk, ScenarioOutcome outcome, Finding finding)
    {
        string origin = (caseId is null ? $"seed {o.Seed}, run {run}" : $"named case {caseId}")
            + $"; shrunk from {original.Steps.Length} to {shrunk.Steps.Length} steps";
        string header = $"{ruleId} failed on {o.Loop} ({origin})";
        string replay = $"./conformancekit replay {CounterexampleFile.PathFor(o.EffectiveOutDir, ruleId)}";
        return new Counterexample(Counterexample.CurrentSchemaVersion, o.Loop, o.Seed, run, caseId, ruleId, original.Steps.Length, shrunk,
            [.. finding.Expected], finding.Actual, Story.Tell(header, outcome.Trace, finding, replay));
    }
}
