using System.Text.Json;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Threaded;

/// <summary>Isolation and the watchdog, through the real tool: a loop that kills its process costs
/// the cases it crashes in (verdict crash) and the report is still complete; a loop that never
/// returns is reported as hang within the deadline, and the tool exits by itself.</summary>
public sealed class IsolationTests
{
    private static readonly string TestDll = typeof(IsolationTests).Assembly.Location;

    private static JsonElement Certify(string type, params string[] extra) =>
        CliProcess.CertifyReport([1], ["--loop", $"assembly:{TestDll}:{type}", .. extra]);

    private static string Verdict(JsonElement report, string rule) => CliProcess.Verdict(report, rule);

    [Fact]
    public void FailFastInACallback_IsReportedAsCrash_AndTheRestOfTheReportIsWritten()
    {
        var report = Certify(typeof(FailFastInCallbackLoop).FullName!, "--runs", "5", "--tier", "deterministic", "--rules", "HANDLE-1,IDS-2,TIMER-2");
        Assert.True(report.GetProperty("complete").GetBoolean());
        Assert.False(report.GetProperty("certified").GetBoolean());
        Assert.Equal("crash", Verdict(report, "HANDLE-1"));   // its named cases dispatch a watch: the process dies there
        Assert.Equal("pass", Verdict(report, "IDS-2"));       // timers only: measured, not lost
        Assert.Equal("pass", Verdict(report, "TIMER-2"));
        Assert.Equal(45, report.GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public void RunOnceThatNeverReturns_IsReportedAsHang_AndTheToolExits()
    {
        var report = Certify(typeof(NeverReturnsLoop).FullName!, "--runs", "2", "--tier", "deterministic", "--timeout", "0.3", "--rules", "HANDLE-1,TIMER-2,IDS-1");
        Assert.Equal("hang", Verdict(report, "HANDLE-1"));
        Assert.Equal("hang", Verdict(report, "TIMER-2"));
        Assert.Equal("not-run", Verdict(report, "FREE-3"));
    }
}
