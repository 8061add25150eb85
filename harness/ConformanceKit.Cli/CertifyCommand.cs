using System.CommandLine;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Loading;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Reports;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit certify</c>: runs the named cases and generated scenarios against a
/// loop, prints a verdict per rule and writes the report.</summary>
internal static class CertifyCommand
{
    public static Command Create()
    {
        var loop = new Option<string>("--loop") { Description = "reference, mutant:NAME or assembly:PATH[:TYPE]", DefaultValueFactory = _ => LoopLoader.Reference };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated scenarios (same seed, same traces).", DefaultValueFactory = _ => CertifyOptions.DefaultSeed };
        var runs = new Option<int>("--runs") { Description = $"Generated scenarios after the named cases (default {CertifyOptions.DefaultRuns}).", DefaultValueFactory = _ => CertifyOptions.DefaultRuns };
        var maxSteps = new Option<int>("--max-steps") { Description = $"Longest generated scenario (default {CertifyOptions.DefaultMaxSteps}).", DefaultValueFactory = _ => CertifyOptions.DefaultMaxSteps };
        var rules = new Option<string?>("--rules") { Description = "Judge only these rule ids, comma-separated (e.g. FREE-3,HANDLE-3)." };
        var output = new Option<string?>("--out") { Description = "Report folder (default reports/out/<loop>/)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one scenario may take before it is a hang.", DefaultValueFactory = _ => CertifyOptions.DefaultCaseTimeout.TotalSeconds };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final line." };
        var tier = new Option<string>("--tier") { Description = "deterministic, threaded or all (default all).", DefaultValueFactory = _ => "all" };
        tier.AcceptOnlyFromAmong("all", "deterministic", "threaded");
        var schedules = new Option<int>("--schedules") { Description = $"Schedules per threaded case (default {CertifyOptions.DefaultSchedules}).", DefaultValueFactory = _ => CertifyOptions.DefaultSchedules };
        var isolate = new Option<bool?>("--isolate") { Description = "Run the loop in child processes, so a crash or a hang costs one case (default: on for assembly: loops, off otherwise)." };
        var cmd = new Command("certify", "Certify a loop: a verdict per rule, report.json and counterexamples.\nExit codes: 0 certified, 1 not certified, 2 bad input, 3 harness failure.")
        {
            loop, seed, runs, maxSteps, rules, output, timeout, quiet, tier, schedules, isolate,
        };
        cmd.SetAction(p =>
        {
            var o = new CertifyOptions(
                p.GetValue(loop)!,
                p.GetValue(seed),
                Positive(p.GetValue(runs), "--runs", allowZero: true),
                Positive(p.GetValue(maxSteps), "--max-steps", allowZero: false),
                ParseRules(p.GetValue(rules)),
                TimeSpan.FromSeconds(p.GetValue(timeout) > 0 ? p.GetValue(timeout) : throw new BadInputException("--timeout must be > 0 seconds")),
                p.GetValue(output),
                Tier: Enum.Parse<TierChoice>(p.GetValue(tier)!, ignoreCase: true),
                Schedules: Positive(p.GetValue(schedules), "--schedules", allowZero: false));
            bool isolated = p.GetValue(isolate) ?? o.Loop.StartsWith("assembly:", StringComparison.Ordinal);
            return Run(isolated ? o with { IsolationWorker = typeof(CertifyCommand).Assembly.Location } : o, p.GetValue(quiet));
        });
        return cmd;
    }

    private static int Run(CertifyOptions o, bool quiet)
    {
        var loaded = LoopLoader.Load(o.Loop);
        if (!loaded.TakesTimeProvider)
        {
            if (o.Tier == TierChoice.Deterministic)
            {
                throw new BadInputException($"{o.Loop} has no constructor taking a TimeProvider, so it cannot run on the virtual clock: use --tier threaded");
            }

            Console.Error.WriteLine($"conformancekit: {o.Loop} has no TimeProvider constructor: running the threaded tier only (deterministic rules: not-run)");
            o = o with { Tier = TierChoice.Threaded };
        }

        string outDir = o.EffectiveOutDir;
        EnsureWritable(outDir);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // finish the current scenario, then write what was measured
            cancel.Cancel();
        };

        var result = new Certifier(loaded.Create, TimeProvider.System).Run(o, null, cancel.Token);
        string report = ReportWriter.WriteAll(result, outDir);
        if (!quiet)
        {
            Print(result);
        }

        var must = result.Rules.Where(r => r.Rule.Level == RuleLevel.Must).ToList();
        Console.WriteLine($"{(result.Certified ? "CERTIFIED" : "NOT CERTIFIED")}: {o.Loop}, {must.Count(r => r.Verdict == Verdict.Pass)}/{must.Count} MUST pass, "
            + $"{result.Rules.Count(r => r.Verdict == Verdict.NonStrict)} non-strict, {result.Rules.Count(r => r.Verdict == Verdict.NotRun)} not run; "
            + $"seed {o.Seed}, {result.GeneratedRuns} generated runs{(result.Complete ? string.Empty : " (PARTIAL: stopped early)")}; report {report}");
        return result.Certified ? ExitCodes.Certified : ExitCodes.NotCertified;
    }

    private static void Print(CertificationResult r)
    {
        foreach (var x in r.Rules)
        {
            string note = x.Verdict switch
            {
                Verdict.Info => x.Observations.FirstOrDefault() ?? string.Empty,
                Verdict.NotRun when x.Rule.Tier == RuleTier.Threaded => "threaded tier",
                Verdict.Fail or Verdict.NonStrict or Verdict.Crash => x.Findings.FirstOrDefault()?.Actual ?? string.Empty,
                _ => string.Empty,
            };
            Console.WriteLine($"{x.Rule.Id,-10} {VerdictText.Of(x.Rule.Level),-6} {VerdictText.Of(x.Verdict),-10} {note}");
        }

        foreach (var c in r.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.Crash && x.Counterexample is not null).Select(x => x.Counterexample!))
        {
            Console.WriteLine();
            foreach (var line in c.Story)
            {
                Console.WriteLine(line);
            }
        }
    }

    private static int Positive(int value, string name, bool allowZero) =>
        value > 0 || (allowZero && value == 0) ? value : throw new BadInputException($"{name} must be {(allowZero ? ">= 0" : "> 0")}, got {value}");

    private static IReadOnlyCollection<string>? ParseRules(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return null;
        }

        var ids = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var id in ids)
        {
            _ = RuleCatalogue.Find(id) ?? throw new BadInputException($"unknown rule id '{id}': `conformancekit rules` lists them");
        }

        return [.. ids.Select(id => RuleCatalogue.Find(id)!.Id)];
    }

    private static void EnsureWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"cannot write to --out {dir}: {e.Message}");
        }
    }
}
