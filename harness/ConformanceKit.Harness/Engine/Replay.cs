using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Loading;
using ConformanceKit.Harness.Native;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>What a replay found: whether the failure came back, and what to print.</summary>
/// <param name="Reproduced">The loop still breaks the rule (or hung where it failed).</param>
/// <param name="Lines">The story, or the one line that says it no longer fails.</param>
public sealed record ReplayResult(bool Reproduced, IReadOnlyList<string> Lines);

/// <summary>Runs a counterexample again against its loop, as certify ran it: on the clock and in the
/// tier the file records, with the loop's own policy (<see cref="LoadedLoop"/>). The command line
/// only parses and prints (<c>conformancekit replay</c>).</summary>
/// <remarks>A threaded-tier counterexample names a threaded case and a schedule: its plan is
/// replayed exactly, the interleaving cannot be, so it is tried up to
/// <see cref="ThreadedAttempts"/> times. A native one runs real libvirt's session again.</remarks>
public static class Replay
{
    public const int ThreadedAttempts = 10;

    /// <param name="replayCommand">The command that replays this file, for the story's last line.</param>
    /// <exception cref="BadInputException">The file names a case this version does not have, or
    /// one that cannot run here.</exception>
    public static ReplayResult Run(Counterexample c, string spec, string replayCommand)
    {
        var loaded = LoopLoader.Load(spec);
        if (c.Tier == Tier.Threaded)
        {
            return Threaded(c, spec, loaded);
        }

        if (c.Tier == Tier.Native)
        {
            return Native(c, spec, loaded);
        }

        using var watchdog = new Watchdog(CertifyOptions.DefaultCaseTimeout);
        var rules = RuleCatalogue.All.Where(r => r.Tier == Tier.Deterministic).ToList();
        // The clock certify ran it on, as the file records it; and a loop that cannot take a
        // TimeProvider keeps time by the system clock whatever the file says (only real sleeps move it).
        bool realClock = c.Clock == Counterexample.RealClock || !loaded.TakesTimeProvider;
        var outcome = new ScenarioJudge(loaded.Create, rules, watchdog, realClock).Run(c.Scenario);
        if (outcome.Hung)
        {
            return new ReplayResult(true, [$"{c.RuleId}: the scenario hung on {spec}"]);
        }

        return outcome.Failures.FirstOrDefault(f => f.RuleId == c.RuleId) is not { } finding
            ? new ReplayResult(false, [$"{c.RuleId} does not fail on {spec} any more ({c.Size} steps replayed)."])
            : new ReplayResult(true, Story.WithReplay(Story.Tell($"{c.RuleId} reproduced on {spec} ({c.Size} steps)", outcome.Trace, finding, c.Scenario), replayCommand));
    }

    /// <summary>A native counterexample has no steps of ours: real libvirt's session is run again
    /// (this process has not registered a loop with libvirt yet, so it may).</summary>
    private static ReplayResult Native(Counterexample c, string spec, LoadedLoop loaded)
    {
        if (NativeCases.Refusal(loaded) is { } why)
        {
            throw new BadInputException($"cannot replay a native counterexample: {why}");
        }

        int k = NativeCases.IndexOf(c.CaseId ?? string.Empty);
        var nc = k >= 0 ? NativeCases.All[k]
            : throw new BadInputException($"the counterexample names native case '{c.CaseId}', which this version does not have");
        if (nc.RunWithinBound(spec, loaded.Create, CertifyOptions.DefaultCaseTimeout) is not var (facts, trace))
        {
            return new ReplayResult(true, [$"{c.RuleId}: real libvirt's session hung on {spec} (a RunOnce that never returned)"]);
        }

        if (facts.OfType<Facts.NativeCaseNotRun>().FirstOrDefault() is { } notRun)
        {
            throw new BadInputException($"cannot replay native case {nc.Id} here: {notRun.Reason}");
        }

        var outcome = new ScenarioJudge(loaded.Create, RuleCatalogue.All, null!).JudgeFacts(facts);
        return outcome.Failures.FirstOrDefault(f => f.RuleId == c.RuleId) is not { } finding
            ? new ReplayResult(false, [$"{c.RuleId} does not fail on {spec} any more (native case {nc.Id} run again)."])
            : new ReplayResult(true, Story.WithReplay(Story.Tell($"{c.RuleId} reproduced on {spec} (native case {nc.Id}: real libvirt, {nc.Where})", trace, finding), ToolCommand.CertifyNative(spec)));
    }

    private static ReplayResult Threaded(Counterexample c, string spec, LoadedLoop loaded)
    {
        var @case = ThreadedTier.Cases.FirstOrDefault(t => t.Id == c.CaseId)
            ?? throw new BadInputException($"the counterexample names threaded case '{c.CaseId}', which this version does not have");
        if (loaded.ThreadedNotRun is { } why)
        {
            throw new BadInputException($"cannot replay a threaded counterexample on {spec}: {why}");
        }

        using var watchdog = new Watchdog(CertifyOptions.DefaultCaseTimeout);
        var tier = new ThreadedTier(loaded.Create, new ScenarioJudge(loaded.Create, RuleCatalogue.All, watchdog), CertifyOptions.DefaultCaseTimeout);
        for (int attempt = 1; attempt <= ThreadedAttempts; attempt++)
        {
            var outcome = tier.RunOnce(@case, c.Seed, c.Run);
            var finding = outcome.Failures.FirstOrDefault(f => f.RuleId == c.RuleId);
            if (outcome.Hung || finding is not null)
            {
                return new ReplayResult(true,
                [
                    $"{c.RuleId} reproduced on {spec} (threaded case {@case.Id}, seed {c.Seed}, schedule {c.Run}, attempt {attempt})",
                    $"expected: {string.Join(" or ", finding?.Expected ?? ["the case finishes"])}",
                    $"actual:   {finding?.Actual ?? "it hung"}",
                ]);
            }
        }

        return new ReplayResult(false, [$"{c.RuleId} did not fail on {spec} in {ThreadedAttempts} attempts of threaded case {@case.Id} (schedule {c.Run})."]);
    }
}
