using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Engine;

/// <summary>What a loop's kind makes of the options a user gave (issue 10: these were decided in
/// the CLI): the tiers it can run, the clock, isolation, and runs that would judge nothing. A
/// refusal is bad input, before anything is measured, never a charge to the loop's rules.</summary>
public static class RunPolicy
{
    /// <param name="Options">The options to certify with.</param>
    /// <param name="Notice">A line for the user about a choice made for them (the real clock), or null.</param>
    public sealed record Decision(CertifyOptions Options, string? Notice);

    /// <param name="isolate">--isolate as given (null: the loop kind's default).</param>
    /// <param name="runsGiven">--runs was given (otherwise a real-clock loop gets fewer runs).</param>
    /// <param name="worker">The tool assembly that child processes run.</param>
    public static Decision Apply(CertifyOptions o, LoadedLoop loaded, bool? isolate, bool runsGiven, string worker)
    {
        if (o.Tier == TierChoice.Native && Native.NativeCases.Refusal(loaded) is { } why)
        {
            throw new BadInputException($"--tier native: {why}");
        }

        if (loaded.ThreadedNotRun is { } noThreads)
        {
            // A bridged loop: the deterministic tier only, and the threaded rules say why they did not run.
            if (o.Tier is TierChoice.Threaded)
            {
                throw new BadInputException($"--tier threaded: {o.Loop}: {noThreads}; use --tier deterministic");
            }

            // --tier native was refused above unless real libvirt can drive this kind (Perl).
            o = o with { Tier = o.Tier == TierChoice.Native ? TierChoice.Native : TierChoice.Deterministic, ThreadedNotRun = noThreads };
        }

        o = o with { NotJudged = loaded.NotJudged, Caveats = loaded.Caveats, NativeDrives = loaded.NativeDrives };
        if (WorkPlan.For(o with { Shard = null }).IsEmpty)
        {
            // A run that judges nothing would print CERTIFIED with 0/0 MUST rules: refuse it instead.
            throw new BadInputException($"nothing to run: no case of tier {o.Tier.ToString().ToLowerInvariant()} checks {(o.RuleIds is null ? "any rule" : string.Join(",", o.RuleIds))}{(o.Runs == 0 ? " and --runs is 0" : string.Empty)}");
        }

        string? notice = null;
        if (!loaded.TakesTimeProvider)
        {
            // No virtual clock: the named cases and generated runs run on the real clock (the
            // native tier, with tolerances), fewer of them by default because clock moves sleep.
            o = o with { RealClock = true, Runs = runsGiven ? o.Runs : CertifyOptions.DefaultRealClockRuns };
            notice = $"{o.Loop} has no TimeProvider constructor: named cases and generated runs use the real clock (timing rules allow {Model.Tolerance.RealClockSlackMs} ms)";
        }

        if (loaded.RequiresIsolation && isolate == false)
        {
            throw new BadInputException($"{o.Loop} can only run isolated: libvirt accepts one event loop per process");
        }

        o = o with { WorkerAssembly = worker };
        if (isolate ?? (loaded.RequiresIsolation || loaded.IsolatedByDefault))
        {
            o = o with { IsolationWorker = worker };
        }

        return new Decision(o, notice);
    }
}
