using System.Diagnostics;
using System.Text.Json;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Mutants;

/// <summary>The two mutants with no rule: a RunOnce that never returns is reported as hang within
/// the deadline (in this process: the watchdog abandons the stuck thread); a loop that kills the
/// process is certified only in child processes, where it is reported as crash.</summary>
public sealed class HangAndCrashTests
{
    [Fact]
    public void Hang_IsReportedAsHang_WithinTheDeadline()
    {
        var clock = Stopwatch.StartNew();
        // Focused on HANDLE-1: its 3 named cases and at most 2 generated runs each cost one deadline.
        var r = new Certifier(MutantCatalogue.Find("hang")!.Create, TimeProvider.System).Run(new CertifyOptions(
            "mutant:hang", Runs: 5, RuleIds: ["HANDLE-1"], CaseTimeout: TimeSpan.FromSeconds(1), Tier: TierChoice.Deterministic));
        clock.Stop();

        Assert.Equal(Verdict.Hang, r.Rules.Single(x => x.Rule.Id == "HANDLE-1").Verdict);
        Assert.False(r.Certified);
        // HANDLE-1's 3 cases hang (one rule: not enough to stop the tier); the first generated run
        // that hangs makes deaths in a row beyond one rule's cases, so the rest are not started.
        Assert.Single(r.HungRuns);
        Assert.StartsWith("the loop did not return within 1 s", r.Rules.Single(x => x.Rule.Id == "HANDLE-1").Findings[0].Actual, StringComparison.Ordinal);
        Assert.All(r.Cases, c => Assert.True(c.Hung, c.Id));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Crash_IsReportedAsCrash_WhenIsolated()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"ck-crash-{Guid.NewGuid():N}");
        try
        {
            var (exit, stdout, stderr) = CliProcess.Run("certify", "--loop", "mutant:crash", "--isolate", "--tier", "deterministic",
                "--runs", "0", "--rules", "HANDLE-1,IDS-2", "--out", outDir, "--quiet");
            Assert.True(exit == 1, $"exit {exit}: {stdout}{stderr}");
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
            string Verdict(string id) => doc.RootElement.GetProperty("rules").EnumerateArray()
                .Single(x => x.GetProperty("id").GetString() == id).GetProperty("verdict").GetString()!;
            Assert.Equal("crash", Verdict("HANDLE-1")); // its named cases call a handle callback: the process dies there
            Assert.Equal("pass", Verdict("IDS-2"));      // no callback runs in its cases
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
