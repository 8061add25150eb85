using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Core;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Model;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Runs one scenario against a loop and has every rule judge the facts of its trace.</summary>
public sealed class ScenarioJudge(Func<TimeProvider, EventImpl> createLoop, IReadOnlyList<Rule> rules, Watchdog watchdog)
{
    /// <summary>At most this many findings per rule are kept from one run: the first is the one
    /// that gets shrunk; the rest only show that it repeats.</summary>
    public const int FindingsPerRule = 3;

    public ScenarioOutcome Run(Scenario scenario)
    {
        TraceRecorder? trace = null;
        bool finished = watchdog.TryRun(() => trace = ScenarioRunner.Run(scenario, createLoop));
        if (!finished || trace is null)
        {
            return new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: true);
        }

        var events = trace.Events;
        return Judge(events, TraceRecorder.Hash(events));
    }

    public ScenarioOutcome Judge(ImmutableArray<TraceEvent> events, string hash) =>
        JudgeFacts(TraceAnalyzer.Analyze(events)) with { Trace = events, TraceHash = hash };

    /// <summary>Has every rule judge a list of facts (the threaded tier produces facts directly).</summary>
    public ScenarioOutcome JudgeFacts(ImmutableArray<Facts.Fact> facts)
    {
        var checks = new Dictionary<string, int>();
        var findings = new List<Finding>();
        var perRule = new Dictionary<string, int>();
        var ticks = new Dictionary<string, long>();
        foreach (var fact in facts)
        {
            foreach (var rule in rules)
            {
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                var j = rule.Judge(fact);
                ticks[rule.Id] = ticks.GetValueOrDefault(rule.Id) + (System.Diagnostics.Stopwatch.GetTimestamp() - t0);
                if (!j.Applies)
                {
                    continue;
                }

                checks[rule.Id] = checks.GetValueOrDefault(rule.Id) + 1;
                if (j.Finding is { } f && perRule.GetValueOrDefault(rule.Id) < FindingsPerRule)
                {
                    perRule[rule.Id] = perRule.GetValueOrDefault(rule.Id) + 1;
                    findings.Add(f);
                }
            }
        }

        return new ScenarioOutcome([], string.Empty, [.. findings], checks.ToImmutableDictionary(), Hung: false)
        {
            JudgeTicks = ticks.ToImmutableDictionary(),
            Facts = facts,
        };
    }
}
