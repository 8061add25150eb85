using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>Runs work units in this process: judges each, shrinks the first failure of each rule
/// into a counterexample, and counts the fds left open afterwards.</summary>
internal sealed class UnitRunner : IDisposable
{
    private readonly CertifyOptions _o;
    private readonly TimeProvider _wallClock;
    private readonly Watchdog _watchdog;
    private readonly ScenarioJudge _judge;
    private readonly ThreadedTier _threaded;
    private readonly Func<TimeProvider, EventImpl> _createLoop;
    private int _previousGrew;

    public UnitRunner(CertifyOptions o, Func<TimeProvider, EventImpl> createLoop, TimeProvider wallClock, IEnumerable<string>? haveCounterexample = null)
    {
        _o = o;
        _wallClock = wallClock;
        createLoop = LoopCreationException.Guard(createLoop);
        _createLoop = createLoop;
        var rules = o.RuleIds is null ? RuleCatalogue.All : [.. RuleCatalogue.All.Where(r => o.RuleIds.Contains(r.Id, StringComparer.OrdinalIgnoreCase))];
        var deadline = o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout;
        _watchdog = new Watchdog(deadline);
        _judge = new ScenarioJudge(createLoop, rules, _watchdog, o.RealClock);
        _threaded = new ThreadedTier(createLoop, _judge, deadline);
        _reference = new ReferenceRun(o, t => new Reference.ReferenceEventLoop(t), _watchdog);
        Have = [.. haveCounterexample ?? []];
    }

    /// <summary>Test seam: the loop run alongside in place of the reference (a test shows that a
    /// broken one is a harness failure). Internal: the product always runs the reference.</summary>
    internal Func<TimeProvider, EventImpl> Reference
    {
        init => _reference = new ReferenceRun(_o, value, _watchdog);
    }

    private readonly ReferenceRun _reference;

    /// <summary>Rules that already have a counterexample of a failure (a violation or a crash):
    /// later failures are not shrunk again.</summary>
    public HashSet<string> Have { get; }

    /// <summary>Rules whose counterexample so far shows only a remark (a SHOULD, or late by one
    /// iteration): a later violation of theirs is still shrunk.</summary>
    private readonly HashSet<string> _remarked = [];

    /// <summary>Where the unit in progress is (its step and phase), when something tracks it (an
    /// isolation worker does); hang reasons then name the step the loop did not come back from.</summary>
    public Func<(int Step, string Phase)>? Position { get; init; }

    /// <summary>Told true before the reference loop runs the unit's scenario and false after
    /// (an isolation worker marks its breadcrumb, so that a death there is not the loop's).</summary>
    public Action<bool>? OnReference { get; init; }

    public UnitResult Run(WorkUnit u)
    {
        int fdsBefore = OpenFds.Count();
        ScenarioOutcome outcome;
        ImmutableArray<Counterexample> cxs;
        ImmutableDictionary<string, long> shrink;
        string? caseId = u.Kind == UnitKind.NamedCase ? NamedCases.All[u.Index].Id : null;
        var scenario = UnitPlace.ScenarioOf(_o, u);
        try
        {
            (outcome, cxs, shrink) = u.Kind switch
            {
                UnitKind.NamedCase or UnitKind.Generated => Deterministic(u, scenario!, caseId),
                UnitKind.Native => NativeCase(u),
                _ => Threaded(u),
            };
        }
        catch (LoopCreationException e)
        {
            // A broken loop is never a harness failure: the unit is a crash, and says why.
            return UnitResult.Died(u, hung: false, $"the loop's constructor threw {e.Message}", UnitPlace.Describe(_o, u, step: -1), UnitPlace.Replay(_o, u));
        }

        // The runtime opens files lazily the first time a kind of work runs (assembly loads, the
        // generator's libraries), once; a loop that leaks does so on every unit. So a leak is
        // reported only when two units in a row left fds open.
        int grew = outcome.Hung || fdsBefore < 0 ? 0 : Math.Max(0, OpenFds.Count() - fdsBefore);
        int leaked = _previousGrew > 0 ? grew : 0;
        _previousGrew = grew;
        string? cause = Cause(u, outcome);
        string? reason = cause is null ? null : UnitResult.Explain(cause, HangPlace(u), UnitPlace.Replay(_o, u));
        // After the loop's fds are counted and its hang placed: nothing of the reference's run is
        // charged to the loop.
        OnReference?.Invoke(true);
        var (referenceChoices, referenceFailures) = scenario is null ? (null, []) : _reference.Run(u, scenario, caseId);
        OnReference?.Invoke(false);
        return new UnitResult(u, outcome.Hung, outcome.Crashed, outcome.TraceHash,
            [.. outcome.Findings.Select(f => f with { Origin = u.Origin })], outcome.Checks, outcome.JudgeTicks, shrink, cxs,
            [.. outcome.Facts.OfType<WakeupMeasured>().Select(w => w.LatencyMs)], leaked)
        {
            Cause = cause,
            Reason = reason,
            Choices = outcome.Choices,
            ReferenceChoices = referenceChoices,
            ReferenceFailures = referenceFailures,
            LoopStuck = outcome.Facts.OfType<StopIgnored>().Any(),
            NotRunReason = outcome.Facts.OfType<NativeCaseNotRun>().FirstOrDefault()?.Reason,
            Measurements = Measure(u, outcome),
        };
    }

    /// <summary>The numbers a unit on the real clock measured (threaded, native, or every unit of a
    /// loop without a TimeProvider); none on the virtual clock, where they are the scenario's.</summary>
    private ImmutableArray<Measurement> Measure(WorkUnit u, ScenarioOutcome outcome) => u.Kind switch
    {
        UnitKind.Threaded => Measurements.From(outcome.Facts, Tier.Threaded.Name),
        UnitKind.Native => Measurements.From(outcome.Facts, Native.NativeCases.All[u.Index].Id),
        _ when _o.RealClock => Measurements.From(outcome.Facts, Measurements.RealClockScenarios),
        _ => [],
    };

    /// <summary>What ended a unit that hung or crashed: a bridged loop's adapter says itself (its
    /// exit, protocol error or silence, with its stderr); otherwise a hang is the deadline.</summary>
    private string? Cause(WorkUnit u, ScenarioOutcome outcome) =>
        outcome.Died ?? (outcome.Hung ? HangCause(u) : null);

    private string HangCause(WorkUnit u)
    {
        var deadline = _o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout;
        return u.Kind == UnitKind.Threaded
            ? $"the loop did not return within {(deadline + ThreadedTier.PatienceAllowance).TotalSeconds:0.###} s (--timeout {deadline.TotalSeconds:0.###} s and the case's patience)"
            : $"the loop did not return within {deadline.TotalSeconds:0.###} s (--timeout)";
    }

    private string HangPlace(WorkUnit u) =>
        Position?.Invoke() is var (step, phase) ? UnitPlace.Describe(_o, u, step, phase) : UnitPlace.Describe(_o, u);

    private (ScenarioOutcome, ImmutableArray<Counterexample>, ImmutableDictionary<string, long>) Deterministic(WorkUnit u, Scenario scenario, string? caseId)
    {
        var outcome = _judge.Run(scenario);
        var cxs = new List<Counterexample>();
        var shrink = new Dictionary<string, long>();
        foreach (var (ruleId, worst) in outcome.Failures.GroupBy(f => f.RuleId).Select(g => (g.Key, g.Max(f => f.Severity == Severity.Remark ? 0 : 1))).ToList())
        {
            // Shrink a rule's first failure, and its first violation after remarks only; the
            // shrunk scenario must keep the grade, or a violation would shrink into a remark.
            bool graver = worst > 0;
            if (Have.Contains(ruleId) || (!graver && !_remarked.Add(ruleId)))
            {
                continue;
            }

            if (graver)
            {
                Have.Add(ruleId);
            }

            long t0 = _wallClock.GetTimestamp();
            var (shrunk, _) = Shrinker.Shrink(scenario, s => graver ? _judge.Run(s).FailsOutright(ruleId) : _judge.Run(s).Fails(ruleId));
            var final = _judge.Run(shrunk);
            if (final.Failures.FirstOrDefault(f => f.RuleId == ruleId && (!graver || f.Severity != Severity.Remark)) is { } finding)
            {
                cxs.Add(Make(u, caseId, ruleId, scenario, shrunk, final, finding));
            }

            shrink[ruleId] = _wallClock.GetTimestamp() - t0;
        }

        return (outcome, [.. cxs], shrink.ToImmutableDictionary());
    }

    private (ScenarioOutcome, ImmutableArray<Counterexample>, ImmutableDictionary<string, long>) Threaded(WorkUnit u)
    {
        var c = ThreadedTier.Cases[u.Index];
        var outcome = _threaded.RunOnce(c, _o.Seed, u.Schedule);
        var cxs = outcome.Failures.Where(f => Have.Add(f.RuleId)).Select(f => ThreadedCounterexample(c, u.Schedule, f)).ToImmutableArray();
        return (outcome, cxs, ImmutableDictionary<string, long>.Empty);
    }

    private (ScenarioOutcome, ImmutableArray<Counterexample>, ImmutableDictionary<string, long>) NativeCase(WorkUnit u)
    {
        var c = Native.NativeCases.All[u.Index];

        if (c.RunWithinBound(_o.Loop, _createLoop, _o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout) is not var (facts, trace))
        {
            return (new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: true), [], ImmutableDictionary<string, long>.Empty);
        }

        var outcome = _judge.JudgeFacts(facts) with { Trace = trace, TraceHash = TraceRecorder.Hash(trace) };
        var cxs = outcome.Failures.Where(f => Have.Add(f.RuleId)).Select(f => new Counterexample(Counterexample.CurrentSchemaVersion, _o.Loop, _o.Seed, 0,
            c.Id, f.RuleId, 0, new Scenario([], []), [.. f.Expected], f.Actual,
            Story.Tell($"{f.RuleId} failed on {_o.Loop} (native case {c.Id}: real libvirt, {c.Where}; steps are libvirt's API calls)", trace, f))
            { Tier = Tier.Native }).ToImmutableArray();
        return (outcome, cxs, ImmutableDictionary<string, long>.Empty);
    }

    private Counterexample Make(WorkUnit u, string? caseId, string ruleId, Scenario original, Scenario shrunk, ScenarioOutcome outcome, Finding finding)
    {
        string origin = (caseId is null ? $"seed {_o.Seed}, run {u.Index}" : $"named case {caseId}")
            + $"; shrunk from {original.Steps.Length} to {shrunk.Steps.Length} steps";
        string header = $"{ruleId} {VerdictWord(finding)} on {_o.Loop} ({origin})";
        return new Counterexample(Counterexample.CurrentSchemaVersion, _o.Loop, _o.Seed, caseId is null ? u.Index : -1, caseId, ruleId, original.Steps.Length, shrunk,
            [.. finding.Expected], finding.Actual, Story.Tell(header, outcome.Trace, finding, shrunk))
        {
            Clock = _o.RealClock ? Counterexample.RealClock : Counterexample.VirtualClock,
        };
    }

    private Counterexample ThreadedCounterexample(ThreadedCase c, int schedule, Finding finding)
    {
        string[] story =
        [
            $"{finding.RuleId} {VerdictWord(finding)} on {_o.Loop} (threaded case {c.Id}, seed {_o.Seed}, schedule {schedule}; real threads: the seed fixes the plan, not the interleaving)",
            $"     {c.Description}",
            $"expected: {string.Join(" or ", finding.Expected)}",
            $"actual:   {finding.Actual}",
        ];
        return new Counterexample(Counterexample.CurrentSchemaVersion, _o.Loop, _o.Seed, schedule, c.Id, finding.RuleId, 0,
            new Scenario([], []), [.. finding.Expected], finding.Actual, [.. story])
        {
            Tier = Tier.Threaded,
        };
    }

    /// <summary>What a story's header calls its finding: a remark (a SHOULD not met, a MUST met
    /// only within a tolerance) is non-strict, not a failure.</summary>
    private static string VerdictWord(Finding f) => f.Severity == Severity.Remark ? "non-strict" : "failed";

    public void Dispose() => _watchdog.Dispose();
}
