using System.Collections.Immutable;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Isolation;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Certification;

/// <summary>Certifies a loop: runs the work plan (named cases, generated scenarios, threaded
/// schedules), in this process or in child processes (<see cref="CertifyOptions.IsolationWorker"/>),
/// and turns the unit results into one verdict per rule.</summary>
/// <remarks>
/// Generated runs stop after <see cref="CertifyOptions.MaxGeneratedHangs"/> hangs (each costs a
/// deadline). A named or threaded case that hung or crashed is charged to the rule it is aimed
/// at. A generated run cannot be pinned to one rule, so it is listed at run level
/// (<see cref="CertificationResult.HungRuns"/>, <see cref="CertificationResult.CrashedRuns"/>) and
/// the loop is not certified; the rules keep the verdicts of what was measured.
/// </remarks>
public sealed class Certifier(Func<TimeProvider, EventImpl> createLoop, TimeProvider wallClock)
{
    /// <summary>Origins of threaded units start here (see <see cref="WorkPlan"/>).</summary>
    public const int ThreadedOriginBase = WorkPlan.ThreadedOriginBase;

    public static string TierName(TierChoice t, bool realClock = false) => (t, realClock) switch
    {
        (TierChoice.Deterministic, false) => Tier.Deterministic.Name,
        (TierChoice.Deterministic, true) => Tier.Native.Name,
        (TierChoice.Threaded, _) => Tier.Threaded.Name,
        (TierChoice.Native, _) => Tier.Native.Name,
        (_, true) => "native+threaded",
        _ => "all",
    };

    /// <summary>Test seam: the loop run alongside in place of the reference, in this process's
    /// units (see <see cref="UnitRunner.Reference"/>). Internal: the product always runs the reference.</summary>
    internal Func<TimeProvider, EventImpl>? Reference { get; init; }

    public CertificationResult Run(CertifyOptions o, IProgress<CertifyProgress>? progress = null, CancellationToken cancel = default)
    {
        var started = wallClock.GetUtcNow();
        var plan = WorkPlan.For(o);
        var tallies = RuleCatalogue.All.ToDictionary(r => r.Id, r => new RuleTally(r));
        var selected = o.RuleIds is null ? RuleCatalogue.All : [.. RuleCatalogue.All.Where(r => o.RuleIds.Contains(r.Id, StringComparer.OrdinalIgnoreCase))];
        // What the loop chose beside what the reference chose, and what the reference failed (the
        // first scenario per rule, in origin order, as one job finds it).
        var choices = selected.Where(r => r.Chooses).ToDictionary(r => r.Id, r => new ChoiceTally(r.Id));
        var referenceFailures = new List<Counterexample>();
        var cases = new List<CaseResult>();
        var runHashes = new RunHashList();
        var latencies = new List<double?>();
        int failures = 0, generatedRuns = 0, runs = 0;
        bool complete = true;
        var hungRuns = new List<int>();
        var runDeaths = new List<string>();
        var crashedRuns = new List<int>();
        var runFaults = new List<string>();
        int casesTotal = plan.Count(u => !u.Case.CountsAsRun);
        int runsTotal = plan.Count(u => u.Case.CountsAsRun);

        // Generated runs stop after a few hangs (each costs a deadline); a threaded case stops after
        // a few failing schedules (a loop that sleeps through changes costs patience each time).
        var strikes = new Dictionary<string, int>();
        // A loop that hangs or crashes in every case stops its tier after a few deaths (ShortCut).
        var shortCut = new ShortCut();
        // Which units ran, by origin (a bit each: a set of ints took 20 bytes a run).
        var ran = new System.Collections.BitArray(plan.Select(u => u.Origin + 1).DefaultIfEmpty(0).Max());
        // Parallel jobs ask it from their own threads while results are taken in below.
        var gate = new Lock();
        bool Skip(WorkUnit u)
        {
            lock (gate)
            {
                return (u.Case.StrikeGroup is { } group && strikes.GetValueOrDefault(group) >= u.Case.StrikeLimit)
                    || shortCut.Skips(u);
            }
        }

        // The native case always runs in a child: libvirt accepts one event loop per process.
        var native = plan.Where(u => u.Case.RunsAlone).ToList();
        var local = plan.Where(u => !u.Case.RunsAlone).ToImmutableArray();
        IEnumerable<UnitResult> results = Local(o, local, Skip, cancel);
        if (native.Count > 0)
        {
            string child = o.IsolationWorker ?? o.WorkerAssembly
                ?? throw new Loading.BadInputException("the native tier runs in a child process of the conformancekit tool: set CertifyOptions.WorkerAssembly");
            // One fresh child per native case: a session whose loop hung leaves libvirt held by the
            // abandoned thread, and the next case must not meet it.
            results = results.Concat(native.SelectMany(u => new IsolatedExecutor(child, o).Run([u], _ => false, cancel)));
        }

        foreach (var r in results)
        {
            using var taking = gate.EnterScope();
            var u = r.Unit;
            ran[u.Origin] = true;
            shortCut.Saw(r);
            // What ended a unit that hung or crashed is charged to the rule its case is aimed at.
            string? aimedAt = u.Case.AimedAt;
            Rules.Finding? death = (r.Hung || r.Crashed) && r.Reason is { } why && aimedAt is not null
                ? new Rules.Finding(aimedAt, r.Crashed ? Rules.Severity.Crash : Rules.Severity.Hang, -1, ["the case runs to its end"], why, u.Origin)
                : null;
            if (u.Case.Reproducible)
            {
                runHashes.Add(u.Origin, r.TraceHash);
            }

            latencies.AddRange(r.Latencies);
            foreach (var c in choices.Values)
            {
                c.Add(r);
            }

            referenceFailures.AddRange(r.ReferenceFailures.Where(x => referenceFailures.All(y => y.RuleId != x.RuleId)));
            bool failed = r.Hung || r.Crashed || r.Failures.Any();
            failures += failed ? 1 : 0;
            if (u.Case.Result(r, failed, death) is { } entry)
            {
                cases.Add(entry);
            }

            runs += u.Case.CountsAsRun ? 1 : 0;
            generatedRuns += u.Case.Generated ? 1 : 0;
            if (u.Case.StrikeGroup is { } group)
            {
                strikes[group] = strikes.GetValueOrDefault(group) + u.Case.Strikes(r, failed);
            }

            // A unit aimed at no rule (a generated run) cannot have its death charged to one: it is
            // listed at run level, and the loop is not certified.
            if (aimedAt is null && r.Hung)
            {
                hungRuns.Add(u.Origin);
            }

            if (aimedAt is null && r.Crashed)
            {
                crashedRuns.Add(u.Origin);
            }

            if (aimedAt is null && (r.Hung || r.Crashed) && r.Reason is { } runReason)
            {
                runDeaths.Add($"{(r.Crashed ? "crash" : "hang")}: {runReason}");
            }

            foreach (var t in tallies.Values)
            {
                t.Add(r.AsOutcome(), u.Case.Id);
#pragma warning disable RS0030 // how long judging and shrinking took, for the report's timing; no verdict reads it
                t.ShrinkTime += TimeSpan.FromTicks(r.ShrinkTicks.GetValueOrDefault(t.Rule.Id) * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency);
#pragma warning restore RS0030
                t.OfferCounterexample(r.Counterexamples.FirstOrDefault(x => x.RuleId == t.Rule.Id), r.Findings);
                t.Measure(r.Measurements);
                if (t.Rule.Id == aimedAt)
                {
                    t.Hung |= r.Hung;
                    t.Crashed |= r.Crashed;
                    if (death is not null)
                    {
                        t.Charge(death);
                    }
                }
            }

            if (r.LeakedFds > 0)
            {
                tallies["LIFE-1"].Note($"{r.LeakedFds} fd(s) still open after the loop was disposed (origin {u.Origin})", u.Origin);
            }

            progress?.Report(new CertifyProgress(cases.Count, casesTotal, runs, runsTotal, failures));
        }

        complete = !cancel.IsCancellationRequested;
        if (complete)
        {
            ChargeNotStarted(o, local, shortCut, ran, tallies);
        }

        if (latencies.Count > 0)
        {
            var summary = new ScenarioJudge(createLoop, RuleCatalogue.All, null!).JudgeFacts([ThreadedTier.Summarize(latencies)]);
            foreach (var t in tallies.Values)
            {
                t.Add(summary, null);
            }
        }

        bool deterministic = o.Tier is TierChoice.All or TierChoice.Deterministic;
        bool threaded = o.Tier is TierChoice.All or TierChoice.Threaded;
        var results2 = tallies.Values
            .Select(t => t.ToResult(tierRan: selected.Contains(t.Rule) && ((t.Rule.Tier == Tier.Deterministic ? deterministic : threaded) || t.Checks > 0 || t.Hung || t.Crashed)))
            .Select(r => r.Judged && choices.GetValueOrDefault(r.Rule.Id)?.ToResult() is { } beside ? r with { Alongside = beside } : r)
            .Select(r => !r.Judged && r.Rule.Tier == Tier.Threaded && o.ThreadedNotRun is { } why ? r with { NotRunReason = why } : r)
            .Select(r => o.NotJudged?.GetValueOrDefault(r.Rule.Id) is { } unseen ? NotJudged(r, unseen) : r)
            .Select(r => r.Judged && o.Caveats?.GetValueOrDefault(r.Rule.Id) is { } caveat ? r with { Caveat = caveat } : r)
            .OrderBy(r => RuleCatalogue.All.IndexOf(r.Rule))
            .ToImmutableArray();
        return new CertificationResult(o.Loop, TierName(o.Tier, o.RealClock), o.Seed, o.Runs, o.MaxSteps, generatedRuns, failures,
            RunHash.Combine(runHashes), results2, [.. cases], started, wallClock.GetUtcNow(), complete)
        {
            Shard = o.Shard ?? Shard.Whole,
            RunHashes = runHashes,
            HungRuns = [.. hungRuns],
            CrashedRuns = [.. crashedRuns],
            RunDeaths = [.. runDeaths],
            ReferenceFailures = [.. referenceFailures],
        };
    }

    /// <summary>Each rule whose case a tripped tier did not start gets that tier's verdict (hang or
    /// crash) and a note saying why it was not run.</summary>
    /// <summary>A rule the harness cannot judge on this loop: what its checks saw is not evidence
    /// (a bridged loop's own fd copies are out of sight), so nothing of it is reported.</summary>
    private static RuleResult NotJudged(RuleResult r, string why) =>
        r with
        {
            Verdict = Verdict.NotRun, Judged = false, NotRunReason = why, Checks = 0, Findings = [], Counterexample = null,
            Observations = [], ObservationOrigins = [], Worst = null, Hung = false, Measurements = [], Measured = 0, Alongside = null,
        };

    private static void ChargeNotStarted(CertifyOptions o, IReadOnlyList<WorkUnit> plan, ShortCut shortCut, System.Collections.BitArray ran, Dictionary<string, RuleTally> tallies)
    {
        foreach (var trip in shortCut.Trips)
        {
            var notStarted = plan.Where(u => u.Case.Tier == trip.Tier && u.Origin > trip.After && u.Origin < trip.Until && !ran[u.Origin]).ToList();
            string tier = trip.Tier == Tier.Deterministic && o.RealClock ? Tier.RealClockName : trip.Tier.Name;
            foreach (string rule in notStarted.Select(u => u.Case.AimedAt).OfType<string>().Distinct())
            {
                tallies[rule].Charge(ShortCut.NotRun(o, rule, trip, notStarted.Count, tier));
            }
        }
    }

    /// <summary>The units of this machine: the deterministic tier's in parallel child workers when
    /// <see cref="CertifyOptions.Jobs"/> asks for more than one and there are enough of them; the
    /// rest (the threaded tier, whose timing a busy machine would distort) one after another.</summary>
    private IEnumerable<UnitResult> Local(CertifyOptions o, ImmutableArray<WorkUnit> local, Func<WorkUnit, bool> skip, CancellationToken cancel)
    {
        var deterministic = local.TakeWhile(u => u.Case.Tier == Tier.Deterministic).ToImmutableArray();
        string? worker = o.IsolationWorker ?? o.WorkerAssembly;
        int jobs = ParallelExecutor.JobsFor(o, deterministic.Length);
        if (jobs < 2 || worker is null)
        {
            return OneByOne(o, local, skip, cancel);
        }

        var rest = local[deterministic.Length..];
        var parallel = new ParallelExecutor(worker, o, jobs).Run(deterministic, skip, cancel);
        return rest.IsEmpty ? parallel : parallel.Concat(OneByOne(o, rest, skip, cancel));
    }

    /// <summary>Units one after another: in a child worker when isolated, in this process otherwise.</summary>
    private IEnumerable<UnitResult> OneByOne(CertifyOptions o, ImmutableArray<WorkUnit> units, Func<WorkUnit, bool> skip, CancellationToken cancel) =>
        o.IsolationWorker is { } isolated ? new IsolatedExecutor(isolated, o).Run(units, skip, cancel) : InProcess(o, units, skip, cancel);

    private IEnumerable<UnitResult> InProcess(CertifyOptions o, ImmutableArray<WorkUnit> plan, Func<WorkUnit, bool> skip, CancellationToken cancel)
    {
        using var runner = Reference is { } reference ? new UnitRunner(o, createLoop, wallClock) { Reference = reference } : new UnitRunner(o, createLoop, wallClock);
        foreach (var u in plan)
        {
            if (cancel.IsCancellationRequested)
            {
                yield break;
            }

            if (!skip(u))
            {
                yield return runner.Run(u);
            }
        }
    }
}
