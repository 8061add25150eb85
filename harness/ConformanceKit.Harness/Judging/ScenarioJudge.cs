using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Core;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Model;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Judging;

/// <summary>Runs one scenario against a loop and has every rule judge the facts of its trace.</summary>
public sealed class ScenarioJudge(Func<TimeProvider, EventImpl> createLoop, IReadOnlyList<Rule> rules, Watchdog watchdog, bool realClock = false)
{
    /// <summary>At most this many findings per rule are kept from one run: the first is the one
    /// that gets shrunk; the rest only show that it repeats.</summary>
    public const int FindingsPerRule = 3;

    public ScenarioOutcome Run(Scenario scenario)
    {
        TraceRecorder? trace = null;
        EventImpl? made = null;
        bool finished = watchdog.TryRun(() => trace = ScenarioRunner.Run(scenario, t => made = createLoop(t), realClock));
        if (made is Bridge.IBridgedLoop bridged)
        {
            // A loop in another process: its adapter's death, protocol error or hang costs this
            // case (crash / hang, with the adapter's stderr), never a rule's finding.
            if (!finished)
            {
                bridged.Abandon();
                return new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: true) { Died = bridged.Fault };
            }

            if (bridged.Fault is { } fault)
            {
                return new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: false) { Crashed = true, Died = fault };
            }
        }

        if (!finished || trace is null)
        {
            return new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: true);
        }

        var events = trace.Events;
        return Judge(events, TraceRecorder.Hash(events), made is IRemoveResultPolicy { RemoveResultDiscarded: true }) with { LoopType = made?.GetType() };
    }

    /// <param name="removeResultDiscarded">The loop's binding tells libvirt 0 whatever remove returns (Perl).</param>
    public ScenarioOutcome Judge(ImmutableArray<TraceEvent> events, string hash, bool removeResultDiscarded = false) =>
        JudgeFacts(TraceAnalyzer.Analyze(events, removeResultDiscarded)) with { Trace = events, TraceHash = hash };

    /// <summary>Has every rule judge a list of facts (the threaded tier produces facts directly).</summary>
    /// <remarks>Rule by rule, then fact by fact: one clock reading per rule for its judging time,
    /// and per-rule counters in arrays, because this loop runs ~5,000 times per scenario.</remarks>
    public ScenarioOutcome JudgeFacts(ImmutableArray<Facts.Fact> facts)
    {
        var checks = ImmutableDictionary.CreateBuilder<string, int>();
        var ticks = ImmutableDictionary.CreateBuilder<string, long>();
        var findings = new List<Finding>();
        var choices = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>();
        foreach (var rule in rules)
        {
#pragma warning disable RS0030 // how long judging and shrinking took, for the report's timing; no verdict reads it
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
#pragma warning restore RS0030
            int applied = 0, found = 0;
            SortedSet<string>? chosen = null;
            foreach (var fact in facts)
            {
                var j = rule.Judge(fact);
                if (!j.Applies)
                {
                    continue;
                }

                applied++;
                if (rule.Chooses && rule.Choice(fact) is { } choice)
                {
                    (chosen ??= new(StringComparer.Ordinal)).Add(choice);
                }

                if (j.Finding is { } f && found < FindingsPerRule)
                {
                    found++;
                    findings.Add(f);
                }
            }

            if (applied > 0)
            {
                checks[rule.Id] = applied;
            }

            if (chosen is not null)
            {
                choices[rule.Id] = [.. chosen];
            }

#pragma warning disable RS0030 // how long judging and shrinking took, for the report's timing; no verdict reads it
            ticks[rule.Id] = System.Diagnostics.Stopwatch.GetTimestamp() - t0;
#pragma warning restore RS0030
        }

        // Findings in trace order, as a reader of the story expects them.
        findings.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return new ScenarioOutcome([], string.Empty, [.. findings], checks.ToImmutable(), Hung: false)
        {
            JudgeTicks = ticks.ToImmutable(),
            Facts = facts,
            Choices = choices.ToImmutable(),
        };
    }
}
