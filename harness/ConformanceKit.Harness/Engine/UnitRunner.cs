using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>Runs work units in this process: each unit's case runs and is judged (and shrinks the
/// first failure of each rule into a counterexample), the fds left open afterwards are counted, and
/// the reference loop plays the same scenario alongside.</summary>
internal sealed class UnitRunner : IDisposable
{
    private readonly CertifyOptions _o;
    private readonly TimeSpan _deadline;
    private readonly Watchdog _watchdog;
    private readonly UnitContext _context;
    private int _previousGrew;

    public UnitRunner(CertifyOptions o, Func<TimeProvider, EventImpl> createLoop, TimeProvider wallClock, IEnumerable<string>? haveCounterexample = null)
    {
        _o = o;
        createLoop = LoopCreationException.Guard(createLoop);
        var rules = o.RuleIds is null ? RuleCatalogue.All : [.. RuleCatalogue.All.Where(r => o.RuleIds.Contains(r.Id, StringComparer.OrdinalIgnoreCase))];
        _deadline = o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout;
        _watchdog = new Watchdog(_deadline);
        var judge = new ScenarioJudge(createLoop, rules, _watchdog, o.RealClock);
        Have = [.. haveCounterexample ?? []];
        _context = new UnitContext(o, createLoop, judge, new ThreadedTier(createLoop, judge, _deadline), wallClock, Have);
        _reference = new ReferenceRun(o, t => new Reference.ReferenceEventLoop(t), _watchdog, builtIn: true);
    }

    /// <summary>Test seam: the loop run alongside in place of the reference (a test shows that a
    /// broken one is a harness failure). Internal: the product always runs the reference.</summary>
    internal Func<TimeProvider, EventImpl> Reference
    {
        init => _reference = new ReferenceRun(_o, value, _watchdog, builtIn: false);
    }

    private readonly ReferenceRun _reference;

    /// <summary>Rules that already have a counterexample of a failure (a violation or a crash):
    /// later failures are not shrunk again.</summary>
    public HashSet<string> Have { get; }

    /// <summary>Where the unit in progress is (its step and phase), when something tracks it (an
    /// isolation worker does); hang reasons then name the step the loop did not come back from.</summary>
    public Func<(int Step, string Phase)>? Position { get; init; }

    /// <summary>Told true before the reference loop runs the unit's scenario and false after
    /// (an isolation worker marks its breadcrumb, so that a death there is not the loop's).</summary>
    public Action<bool>? OnReference { get; init; }

    public UnitResult Run(WorkUnit u)
    {
        int fdsBefore = OpenFds.Count();
        // Made once: the reference loop plays the same scenario after the loop.
        var scenario = u.Case.Scenario(_o);
        UnitRun run;
        try
        {
            run = u.Case.Run(_context, scenario);
        }
        catch (LoopCreationException e)
        {
            // A broken loop is never a harness failure: the unit is a crash, and says why.
            return UnitResult.Died(u, hung: false, $"the loop's constructor threw {e.Message}", UnitPlace.Describe(_o, u, step: -1), UnitPlace.Rerun(_o, u));
        }

        var outcome = run.Outcome;
        // The runtime opens files lazily the first time a kind of work runs (assembly loads, the
        // generator's libraries), once; a loop that leaks does so on every unit. So a leak is
        // reported only when two units in a row left fds open.
        int grew = outcome.Hung || fdsBefore < 0 ? 0 : Math.Max(0, OpenFds.Count() - fdsBefore);
        int leaked = _previousGrew > 0 ? grew : 0;
        _previousGrew = grew;
        string? cause = outcome.Died ?? (outcome.Hung ? u.Case.HangCause(_deadline) : null);
        // After the loop's fds are counted and its hang placed: nothing of the reference's run is
        // charged to the loop.
        OnReference?.Invoke(true);
        var (referenceChoices, referenceFailures) = scenario is null ? (null, []) : _reference.Run(u, scenario, outcome);
        OnReference?.Invoke(false);
        return new UnitResult(u, outcome.Hung, outcome.Crashed, outcome.TraceHash,
            [.. outcome.Findings.Select(f => f with { Origin = u.Origin })], outcome.Checks, outcome.JudgeTicks, run.ShrinkTicks,
            [.. run.Counterexamples.Select(c => c with { Origin = u.Origin })],
            [.. outcome.Facts.OfType<WakeupMeasured>().Select(w => w.LatencyMs)], leaked)
        {
            Cause = cause,
            Place = cause is null ? null : HangPlace(u),
            Rerun = cause is null ? null : UnitPlace.Rerun(_o, u),
            Choices = outcome.Choices,
            ReferenceChoices = referenceChoices,
            ReferenceFailures = referenceFailures,
            LoopStuck = outcome.Facts.OfType<StopIgnored>().Any(),
            NotRunReason = outcome.Facts.OfType<NativeCaseNotRun>().FirstOrDefault()?.Reason,
            Measurements = u.Case.Measure(outcome, _o),
        };
    }

    private string HangPlace(WorkUnit u) =>
        Position?.Invoke() is var (step, phase) ? UnitPlace.Describe(_o, u, step, phase) : UnitPlace.Describe(_o, u);

    public void Dispose() => _watchdog.Dispose();
}
