using System.Text.Json;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>The native tier through the real tool: libvirt's own loops are certified end to end
/// (named cases and generated runs on the real clock, then the threaded tier), in child processes,
/// with every report written. Without libvirt these tests fail (exit 2 with the missing package
/// named); they never skip.</summary>
public sealed class NativeTierCertifyTests
{
    private static JsonElement Certify(string loop) =>
        Valid(CliProcess.CertifyReport([0, 1], "--loop", loop, "--runs", "5", "--schedules", "2"));

    /// <summary>Native reports validate against the published schema like every other.</summary>
    private static JsonElement Valid(JsonElement report)
    {
        Assert.Empty(Reports.ReportSchema.Errors(report.GetRawText()));
        return report;
    }

    private static string Verdict(JsonElement report, string rule) => CliProcess.Verdict(report, rule);

    [Fact]
    public void LibvirtDefaultLoop_IsCertifiedEndToEnd_WithTheVerdictsLibvirtsFactsPredict()
    {
        var report = Certify("libvirt:default");
        Assert.Equal("native+threaded", report.GetProperty("tier").GetString());
        Assert.Equal(45, report.GetProperty("rules").GetArrayLength());
        Assert.Equal("pass", Verdict(report, "IDS-1"));     // ids from 1
        Assert.Equal("pass", Verdict(report, "IDS-5"));     // -1 for unknown and removed ids
        Assert.Equal("pass", Verdict(report, "FREE-3"));    // never calls ff inside remove
        Assert.Equal("pass", Verdict(report, "THREAD-2"));  // wakes when another thread changes things
        Assert.Equal("pass", Verdict(report, "THREAD-1"));  // no registration lost under churn (its ffs come late: FREE-6)
        Assert.Equal("info", Verdict(report, "HANDLE-4"));  // mask 0: not watched
    }

    [Fact]
    public void LibvirtGlibLoop_IsCertifiedEndToEnd_AndFailsHandle3()
    {
        var report = Certify("libvirt-glib");
        Assert.Equal("native+threaded", report.GetProperty("tier").GetString());
        Assert.Equal("pass", Verdict(report, "IDS-1"));
        Assert.Equal("pass", Verdict(report, "FREE-3"));
        Assert.Equal("fail", Verdict(report, "HANDLE-3"));  // asks GLib for readable/writable only
        Assert.Equal("pass", Verdict(report, "THREAD-1"));
    }

    /// <summary>Rules real libvirt's session (one event timer: added at -1, updated to 0 and back
    /// to -1 from its own callback, removed while at -1) lets the trace judge.</summary>
    public static readonly string[] JudgedOnLibvirtsTrace =
        ["IDS-2", "IDS-3", "IDS-5", "TIMER-1", "TIMER-5", "TIMER-7", "FREE-1", "FREE-2", "FREE-3", "FREE-4", "FREE-7", "REENTRY-1", "REENTRY-3"];

    [Fact]
    public void RealLibvirtDrivesTheReferenceLoop_AsTheNativeTiersNamedCase_AndEveryRuleHoldsOnItsTrace()
    {
        var report = Valid(CliProcess.CertifyReport([0], "--loop", "reference", "--tier", "native", "--native-cases", "in-process"));
        foreach (string rule in JudgedOnLibvirtsTrace)
        {
            Assert.True(Verdict(report, rule) == "pass", $"{rule}: {Verdict(report, rule)}");
        }

        Assert.Equal("not-run", Verdict(report, "THREAD-1"));  // only the native cases ran
        Assert.Equal("pass", Verdict(report, "THREAD-2"));     // events arrive while the loop blocks on its own thread
        string[] cases = [.. report.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("id").GetString()!)];
        Assert.Equal(["TIMER-5/real-libvirt-drives-loop", "THREAD-2/real-libvirt-from-another-thread"], cases);
        string latency = report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "THREAD-2")
            .GetProperty("observations")[0].GetProperty("text").GetString()!;
        Assert.Contains("event delivery median", latency, StringComparison.Ordinal); // the measured figure is in the report
    }

    /// <summary>The rules judged on real libvirt's trace catch loops that break them: each mutant
    /// fails exactly the rule it breaks among those libvirt's session exercises.</summary>
    [Theory]
    [InlineData("ff-never", "FREE-2")]          // libvirt's event timer is never freed
    [InlineData("ff-twice", "FREE-2")]          // ... or freed twice (libvirt's own ff runs once: the harness shields it)
    [InlineData("ff-inside-remove", "FREE-3")]  // the deadlock of libvirt-python, libvirt-glib and IO::Async
    [InlineData("ff-skipped-when-disabled", "FREE-7")] // libvirt removes its event timer while it is at -1
    [InlineData("ids-from-zero", "IDS-2")]      // libvirtaio's first id
    [InlineData("timer-update-ignored", "TIMER-5")] // events never arrive: update to 0 is ignored
    [InlineData("no-wakeup", "THREAD-2")]       // libvirt arms its timer from another thread; the blocked loop never notices
    public void RealLibvirtDrivingABrokenLoop_FailsTheRuleItBreaks(string mutant, string rule)
    {
        // A short deadline, as some of these never deliver what libvirt waits for; 3 s, not less
        // (a session takes under 1 s), so that a loaded box cannot turn a delivering loop into a hang.
        var report = Valid(CliProcess.CertifyReport([1], "--loop", $"mutant:{mutant}", "--tier", "native", "--native-cases", "in-process", "--timeout", "3"));
        Assert.Equal("fail", Verdict(report, rule));
    }

    /// <summary>THREAD-2 on real libvirt's removal: libvirt removes its event timer from the
    /// application's thread while the loop blocks; a loop whose ff then waits for an unrelated
    /// wake-up fails, although every event arrived.</summary>
    [Fact]
    public void RealLibvirtRemovingFromAnotherThread_ALoopThatWaitsForAnUnrelatedWakeup_FailsThread2()
    {
        string loop = $"assembly:{typeof(RemoveWaitsForAnUnrelatedWakeupLoop).Assembly.Location}:{typeof(RemoveWaitsForAnUnrelatedWakeupLoop).FullName}";
        var report = Valid(CliProcess.CertifyReport([1], "--loop", loop, "--tier", "native", "--native-cases", "in-process", "--timeout", "3"));
        Assert.Equal("fail", Verdict(report, "THREAD-2"));
        Assert.Equal("pass", Verdict(report, "TIMER-5")); // on one thread it is the reference loop
        var thread2 = report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "THREAD-2");
        Assert.Contains("only after the client woke the loop", thread2.GetProperty("counterexample").GetProperty("observed").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A loop that hangs or kills its process while real libvirt drives it costs the
    /// native case (verdict hang or crash on its rule), within the session's bound, and the report
    /// is still written; before, such a run said CERTIFIED with every rule not-run.</summary>
    [Theory]
    [InlineData("hang", "hang")]
    [InlineData("crash", "crash")]
    public void RealLibvirtDrivingALoopThatHangsOrCrashes_IsReportedSo(string mutant, string verdict)
    {
        var report = Valid(CliProcess.CertifyReport([1], "--loop", $"mutant:{mutant}", "--tier", "native", "--native-cases", "in-process", "--timeout", "1"));
        Assert.Equal(verdict, Verdict(report, "TIMER-5"));
        Assert.False(report.GetProperty("certified").GetBoolean());
    }

    /// <summary>--rules chooses what a native run reports; the case itself always runs.</summary>
    [Fact]
    public void NativeTier_WithRules_ReportsThoseJudgedOnLibvirtsTrace()
    {
        var report = Valid(CliProcess.CertifyReport([0], "--loop", "reference", "--tier", "native", "--native-cases", "in-process", "--rules", "FREE-3"));
        Assert.Equal("pass", Verdict(report, "FREE-3"));
        Assert.Equal("not-run", Verdict(report, "TIMER-5")); // not selected
    }

    /// <summary>libvirt's session never adds a watch: asking only about IDS-1 judges nothing, and
    /// nothing judged certifies nothing.</summary>
    [Fact]
    public void NativeTier_WithARuleLibvirtsSessionNeverExercises_JudgesNothing_AndDoesNotCertify()
    {
        var report = Valid(CliProcess.CertifyReport([1], "--loop", "reference", "--tier", "native", "--native-cases", "in-process", "--rules", "IDS-1"));
        Assert.Equal("not-run", Verdict(report, "IDS-1"));
        Assert.Equal("NOTHING JUDGED", report.GetProperty("outcome").GetString());
        Assert.False(report.GetProperty("certified").GetBoolean());
    }

    [Fact]
    public void NativeCounterexample_ReplaysByRunningRealLibvirtAgain()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"ck-native-{Guid.NewGuid():N}");
        try
        {
            var certify = CliProcess.Run("certify", "--loop", "mutant:ff-inside-remove", "--tier", "native", "--native-cases", "in-process", "--out", outDir, "--quiet");
            Assert.Equal(1, certify.Exit);
            string file = Path.Combine(outDir, "counterexamples", "FREE-3.json");
            string story = File.ReadAllText(file);
            Assert.Contains("virConnectDomainEventDeregisterAny", story, StringComparison.Ordinal); // libvirt's calls are the steps

            var replay = CliProcess.Run("replay", file);
            Assert.True(replay.Exit == 1, replay.Out + replay.Err);
            Assert.Contains("FREE-3 reproduced", replay.Out, StringComparison.Ordinal);

            var fixedLoop = CliProcess.Run("replay", file, "--loop", "reference");
            Assert.True(fixedLoop.Exit == 0, fixedLoop.Out + fixedLoop.Err);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public void NativeTier_WithLibvirtsOwnLoop_IsRefusedInOneLine()
    {
        var r = CliProcess.Run("certify", "--loop", "libvirt:default", "--tier", "native", "--native-cases", "in-process", "--quiet");
        Assert.Equal(2, r.Exit);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains("libvirt's own loop", r.Err, StringComparison.Ordinal);
    }
}
