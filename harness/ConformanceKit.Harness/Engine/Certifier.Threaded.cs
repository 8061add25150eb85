using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>The threaded tier's part of a certification.</summary>
public sealed partial class Certifier
{
    /// <summary>Origins of threaded runs start here, after any named case or generated run.</summary>
    public const int ThreadedOriginBase = 1_000_000;

    public static string TierName(TierChoice t) => t switch
    {
        TierChoice.Deterministic => Tier,
        TierChoice.Threaded => ThreadedTier.Name,
        _ => "all",
    };

    /// <summary>Runs every threaded case over the schedules this shard owns; false if cancelled.</summary>
    private bool RunThreaded(CertifyOptions o, Shard shard, ScenarioJudge judge, Dictionary<string, RuleTally> tallies, List<RunHash> runHashes, ref int failures, CancellationToken cancel)
    {
        var tier = new ThreadedTier(createLoop, judge, o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout);
        var latencies = new List<double?>();
        for (int k = 0; k < ThreadedTier.Cases.Length; k++)
        {
            var c = ThreadedTier.Cases[k];
            for (int schedule = 0; schedule < o.Schedules; schedule++)
            {
                int origin = ThreadedOriginBase + (k * o.Schedules) + schedule;
                if (!shard.Owns(origin))
                {
                    continue;
                }

                if (cancel.IsCancellationRequested)
                {
                    return false;
                }

                var outcome = tier.RunOnce(c, o.Seed, schedule);
                outcome = outcome with { Findings = [.. outcome.Findings.Select(f => f with { Origin = origin })] };
                latencies.AddRange(outcome.Facts.OfType<WakeupMeasured>().Select(w => w.LatencyMs));
                bool failed = outcome.Hung || outcome.Failures.Any();
                failures += failed ? 1 : 0;
                foreach (var t in tallies.Values)
                {
                    t.Add(outcome, c.Id);
                    if (outcome.Hung && t.Rule.Id == c.RuleId)
                    {
                        t.Hung = true;
                    }

                    if (t.Counterexample is null && outcome.Failures.FirstOrDefault(f => f.RuleId == t.Rule.Id) is { } finding)
                    {
                        t.Counterexample = Threaded(o, c, schedule, finding);
                    }
                }

                if (outcome.Hung)
                {
                    // A hung loop is abandoned on its thread; further schedules of this case would
                    // each cost a deadline and say nothing new.
                    break;
                }
            }
        }

        if (latencies.Count > 0)
        {
            var summary = judge.JudgeFacts([ThreadedTier.Summarize(latencies)]);
            foreach (var t in tallies.Values)
            {
                t.Add(summary, null);
            }
        }

        return true;
    }

    private static Counterexample Threaded(CertifyOptions o, ThreadedCase c, int schedule, Rules.Finding finding)
    {
        string replay = $"./conformancekit replay {CounterexampleFile.PathFor(o.EffectiveOutDir, finding.RuleId)}";
        string[] story =
        [
            $"{finding.RuleId} failed on {o.Loop} (threaded case {c.Id}, seed {o.Seed}, schedule {schedule}; real threads: the seed fixes the plan, not the interleaving)",
            $"     {c.Description}",
            $"expected: {string.Join(" or ", finding.Expected)}",
            $"actual:   {finding.Actual}",
            $"replay:   {replay}",
        ];
        return new Counterexample(Counterexample.CurrentSchemaVersion, o.Loop, o.Seed, schedule, c.Id, finding.RuleId, 0,
            new FakeLibvirt.Script.Scenario([], []), [.. finding.Expected], finding.Actual, [.. story])
        {
            Tier = ThreadedTier.Name,
        };
    }
}
