using System.CommandLine;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Loading;
using ConformanceKit.Harness.Native;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit replay FILE</c>: runs a counterexample again against its loop.</summary>
/// <remarks>Exit 1 when the failure reproduces (the loop still breaks the rule), 0 when it does
/// not, 2 when the file cannot be replayed. A threaded-tier counterexample names a threaded case
/// and a schedule: its plan is replayed exactly, the interleaving cannot be, so it is tried up
/// to <see cref="ThreadedAttempts"/> times.</remarks>
internal static class ReplayCommand
{
    public const int ThreadedAttempts = 10;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A counterexample file written by certify." };
        var loop = new Option<string?>("--loop") { Description = "Replay against another loop than the one in the file." };
        var cmd = new Command("replay", "Replay a counterexample exactly. Exit 1: it reproduces; 0: it no longer does; 2: bad file.") { file, loop };
        cmd.SetAction(p =>
        {
            Counterexample c;
            try
            {
                c = CounterexampleFile.Load(p.GetValue(file)!);
            }
            catch (InvalidDataException e)
            {
                throw new BadInputException(e.Message);
            }

            string spec = LoopLoader.Absolute(p.GetValue(loop) ?? c.Loop);
            var loaded = LoopLoader.Load(spec);
            if (c.Tier == ThreadedTier.Name)
            {
                return ReplayThreaded(c, spec, loaded);
            }

            if (c.Tier == NativeCase.TierName)
            {
                return ReplayNative(c, spec, loaded);
            }

            using var watchdog = new Watchdog(CertifyOptions.DefaultCaseTimeout);
            var rules = RuleCatalogue.All.Where(r => r.Tier == RuleTier.Deterministic).ToList();
            // The clock certify ran it on, as the file records it; and a loop that cannot take a
            // TimeProvider keeps time by the system clock whatever the file says (only real sleeps move it).
            bool realClock = c.Clock == Counterexample.RealClock || !loaded.TakesTimeProvider;
            var outcome = new ScenarioJudge(loaded.Create, rules, watchdog, realClock).Run(c.Scenario);
            var finding = outcome.Failures.FirstOrDefault(f => f.RuleId == c.RuleId);
            if (outcome.Hung)
            {
                Console.WriteLine($"{c.RuleId}: the scenario hung on {spec}");
                return ExitCodes.NotCertified;
            }

            if (finding is null)
            {
                Console.WriteLine($"{c.RuleId} does not fail on {spec} any more ({c.Size} steps replayed).");
                return ExitCodes.Certified;
            }

            foreach (var line in Story.Tell($"{c.RuleId} reproduced on {spec} ({c.Size} steps)", outcome.Trace, finding, ToolCommand.Replay(p.GetValue(file)!), c.Scenario))
            {
                Console.WriteLine(line);
            }

            return ExitCodes.NotCertified;
        });
        return cmd;
    }

    /// <summary>A native counterexample has no steps of ours: real libvirt's session is run again
    /// (this process has not registered a loop with libvirt yet, so it may).</summary>
    private static int ReplayNative(Counterexample c, string spec, LoadedLoop loaded)
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
            Console.WriteLine($"{c.RuleId}: real libvirt's session hung on {spec} (a RunOnce that never returned)");
            return ExitCodes.NotCertified;
        }

        if (facts.OfType<Harness.Facts.NativeCaseNotRun>().FirstOrDefault() is { } notRun)
        {
            throw new BadInputException($"cannot replay native case {nc.Id} here: {notRun.Reason}");
        }

        var outcome = new ScenarioJudge(loaded.Create, RuleCatalogue.All, null!).JudgeFacts(facts);
        var finding = outcome.Failures.FirstOrDefault(f => f.RuleId == c.RuleId);
        if (finding is null)
        {
            Console.WriteLine($"{c.RuleId} does not fail on {spec} any more (native case {nc.Id} run again).");
            return ExitCodes.Certified;
        }

        foreach (var line in Story.Tell($"{c.RuleId} reproduced on {spec} (native case {nc.Id}: real libvirt, {nc.Where})", trace, finding, ToolCommand.CertifyNative(spec)))
        {
            Console.WriteLine(line);
        }

        return ExitCodes.NotCertified;
    }

    private static int ReplayThreaded(Counterexample c, string spec, LoadedLoop loaded)
    {
        var @case = ThreadedTier.Cases.FirstOrDefault(t => t.Id == c.CaseId)
            ?? throw new BadInputException($"the counterexample names threaded case '{c.CaseId}', which this version does not have");
        using var watchdog = new Watchdog(CertifyOptions.DefaultCaseTimeout);
        var tier = new ThreadedTier(loaded.Create, new ScenarioJudge(loaded.Create, RuleCatalogue.All, watchdog), CertifyOptions.DefaultCaseTimeout);
        for (int attempt = 1; attempt <= ThreadedAttempts; attempt++)
        {
            var outcome = tier.RunOnce(@case, c.Seed, c.Run);
            var finding = outcome.Failures.FirstOrDefault(f => f.RuleId == c.RuleId);
            if (outcome.Hung || finding is not null)
            {
                Console.WriteLine($"{c.RuleId} reproduced on {spec} (threaded case {@case.Id}, seed {c.Seed}, schedule {c.Run}, attempt {attempt})");
                Console.WriteLine($"expected: {string.Join(" or ", finding?.Expected ?? ["the case finishes"])}");
                Console.WriteLine($"actual:   {finding?.Actual ?? "it hung"}");
                return ExitCodes.NotCertified;
            }
        }

        Console.WriteLine($"{c.RuleId} did not fail on {spec} in {ThreadedAttempts} attempts of threaded case {@case.Id} (schedule {c.Run}).");
        return ExitCodes.Certified;
    }
}
