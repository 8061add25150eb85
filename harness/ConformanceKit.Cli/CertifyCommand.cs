using System.CommandLine;
using System.Runtime.InteropServices;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Isolation;
using ConformanceKit.Harness.Loading;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Reports;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit certify</c>: runs the named cases, generated scenarios and threaded
/// cases against a loop, prints a verdict per rule and writes the reports.</summary>
/// <remarks>On an interactive terminal a live display shows progress; when stdout is not a
/// terminal, or CI=true, the output is plain: a start line, then one line per rule. Ctrl-C or SIGTERM stops
/// after the current case and writes what was measured, marked <c>"complete": false</c>.</remarks>
internal static class CertifyCommand
{
    public static Command Create()
    {
        var loop = new Option<string>("--loop") { Description = LoopSources.Kinds, DefaultValueFactory = _ => LoopLoader.Reference };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated scenarios (same seed, same traces).", DefaultValueFactory = _ => CertifyOptions.DefaultSeed };
        var runs = new Option<int>("--runs") { Description = $"Generated scenarios after the named cases (default {CertifyOptions.DefaultRuns}).", DefaultValueFactory = _ => CertifyOptions.DefaultRuns };
        var maxSteps = new Option<int>("--max-steps") { Description = $"Longest generated scenario (default {CertifyOptions.DefaultMaxSteps}).", DefaultValueFactory = _ => CertifyOptions.DefaultMaxSteps };
        var rules = new Option<string?>("--rules") { Description = "Judge only these rule ids, comma-separated (e.g. FREE-3,HANDLE-3)." };
        var output = new Option<string?>("--out") { Description = "Report folder (default reports/out/<loop>/)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one case or scenario may take before it is a hang.", DefaultValueFactory = _ => CertifyOptions.DefaultCaseTimeout.TotalSeconds };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final line." };
        var tier = new Option<string>("--tier") { Description = "deterministic, threaded, all (the two: the default) or native (real libvirt drives the loop; needs libvirt0).", DefaultValueFactory = _ => "all" };
        tier.AcceptOnlyFromAmong(["all", .. Tier.All.Select(t => t.Name)]);
        var schedules = new Option<int>("--schedules") { Description = $"Schedules per threaded case (default {CertifyOptions.DefaultSchedules}).", DefaultValueFactory = _ => CertifyOptions.DefaultSchedules };
        var isolate = new Option<bool?>("--isolate") { Description = "Run the loop in child processes, so a crash or a hang costs one case (default: on for assembly: loops, off otherwise)." };
        var memoryLimit = new Option<int?>("--memory-limit")
        {
            Description = $"MB of memory each isolated worker may use (default {CertifyOptions.DefaultMemoryLimitMb}; at least {MemoryLimit.MinimumMb}); a loop that needs more gets crash: out of memory. Implies --isolate.",
        };
        var format = new Option<string>("--format") { Description = $"Reports to write, a subset of {ReportFormatList.Names} (default all). Counterexample files are always written.", DefaultValueFactory = _ => "all" };
        var cases = new Option<string>("--cases") { Description = "The deterministic tier's named cases, generated runs, or all (the default).", DefaultValueFactory = _ => "all" };
        cases.AcceptOnlyFromAmong("all", "named", "generated");
        var jobs = new Option<int>("--jobs") { Description = "Child workers for the deterministic tier's units at once (default: the number of cores for a loop run isolated, with 2,500 units a core or more; one for a loop run in this process, where a child costs more than it saves); the results are the same whatever the number.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var nativeCases = new Option<string>("--native-cases") { Description = "With --tier native: the in-process sessions (test:///default), the remote ones (each starts a private libvirtd), or all (the default).", DefaultValueFactory = _ => "all" };
        nativeCases.AcceptOnlyFromAmong("all", "in-process", "remote");
        var shard = new Option<string?>("--shard") { Description = "Run only part I of N (e.g. 2/4): named cases and runs are split by origin; `merge` joins the parts." };
        var cmd = new Command("certify", "Certify a loop: a verdict per rule, and report.json, junit.xml, summary.md, report.html, badge.svg, report.tap and counterexamples.\n"
            + "Exit codes: 0 certified, 1 not certified (or stopped early), 2 bad input, 3 harness failure (also: the reference loop, run alongside, failed a scenario).")
        {
            loop, seed, runs, maxSteps, rules, output, timeout, quiet, tier, cases, nativeCases, schedules, isolate, memoryLimit, format, shard, jobs,
        };
        cmd.SetAction(p =>
        {
            var formats = ReportFormatList.TryParse(p.GetValue(format), out string? formatError) ?? throw new BadInputException(formatError!);
            Shard? part = null;
            if (p.GetValue(shard) is { } s)
            {
                part = Shard.TryParse(s, out string? shardError) ?? throw new BadInputException(shardError!);
            }

            var o = new CertifyOptions(
                LoopLoader.Absolute(p.GetValue(loop)!),
                p.GetValue(seed),
                Positive(p.GetValue(runs), "--runs", allowZero: true),
                Positive(p.GetValue(maxSteps), "--max-steps", allowZero: false),
                ParseRules(p.GetValue(rules)),
                TimeSpan.FromSeconds(p.GetValue(timeout) > 0 ? p.GetValue(timeout) : throw new BadInputException("--timeout must be > 0 seconds")),
                p.GetValue(output),
                part,
                Tier: Enum.Parse<TierChoice>(p.GetValue(tier)!, ignoreCase: true),
                Schedules: Positive(p.GetValue(schedules), "--schedules", allowZero: false),
                Cases: Enum.Parse<CaseChoice>(p.GetValue(cases)!, ignoreCase: true))
            {
                NativeCases = Enum.Parse<NativeChoice>(p.GetValue(nativeCases)!.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
            };
            o = o with { Jobs = Positive(p.GetValue(jobs), "--jobs", allowZero: false), JobsByDefault = p.GetResult(jobs) is not { Implicit: false } };
            bool runsGiven = p.GetResult(runs) is { Implicit: false };
            bool? isolated = p.GetValue(isolate);
            if (p.GetValue(memoryLimit) is { } mb)
            {
                if (mb is < MemoryLimit.MinimumMb or > MemoryLimit.MaximumMb)
                {
                    throw new BadInputException($"--memory-limit must be between {MemoryLimit.MinimumMb} and {MemoryLimit.MaximumMb} MB, got {mb}");
                }

                if (isolated == false)
                {
                    throw new BadInputException("--memory-limit bounds isolated workers: it cannot be used with --isolate false");
                }

                // A bound is asked for: only a child process can be bounded.
                o = o with { MemoryLimitMb = mb };
                isolated = true;
            }

            return Run(o, isolated, runsGiven, formats, p.GetValue(quiet));
        });
        return cmd;
    }

    private static int Run(CertifyOptions o, bool? isolate, bool runsGiven, ReportFormats formats, bool quiet)
    {
        var loaded = LoopLoader.Load(o.Loop);
        var decision = RunPolicy.Apply(o, loaded, isolate, runsGiven, typeof(CertifyCommand).Assembly.Location);
        o = decision.Options;
        if (decision.Notice is { } notice && !quiet)
        {
            Console.Error.WriteLine($"conformancekit: {notice}");
        }

        string outDir = o.EffectiveOutDir;
        OutputFolder.EnsureWritable(outDir);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // finish the current case, then write what was measured
            cancel.Cancel();
        };
        // SIGTERM is how CI systems and container runtimes stop a job: treated like Ctrl-C, so a
        // cancelled job still leaves its partial report.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cancel.Cancel();
        });

        bool live = !quiet && Terminal.IsInteractive;
        if (!quiet && !live)
        {
            Console.WriteLine($"certify: {o.Loop}, tier {Certifier.TierName(o.Tier, o.RealClock)}, seed {o.Seed}, {(o.Tier is TierChoice.All or TierChoice.Deterministic ? o.Runs : 0)} generated runs"
                + $"{(o.Shard is { Count: > 1 } sh ? $", shard {sh}" : string.Empty)}; reports into {outDir}");
        }

        var certifier = new Certifier(loaded.Create, TimeProvider.System);
        var result = live
            ? LiveProgress.Run(progress => certifier.Run(o, progress, cancel.Token))
            : certifier.Run(o, null, cancel.Token);
        var written = ReportWriter.WriteAll(result, outDir, formats);
        if (!quiet)
        {
            RuleLines.Print(result, live, outDir);
        }

        Console.WriteLine($"{ResultFacts.Outcome(result)}: {o.Loop}, {ResultFacts.CountsLine(result)}; seed {o.Seed}, {result.GeneratedRuns} generated runs"
            + $"{(result.Complete ? string.Empty : " (PARTIAL: stopped early)")}; reports in {outDir} ({string.Join(", ", written.Where(w => !w.Contains("counterexamples", StringComparison.Ordinal)).Select(Path.GetFileName))})");
        if (o.Shard is { Count: > 1 } shard && WorkPlan.For(o).IsEmpty)
        {
            // Not a verdict: a CI matrix job whose shard drew nothing must not fail the matrix.
            Console.WriteLine($"shard {shard}: no case of this plan falls to this shard; its report is written for merge");
            return ExitCodes.Certified;
        }

        return ExitCodes.Of(result, outDir);
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
}
