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
        Assert.Equal(43, report.GetProperty("rules").GetArrayLength());
        Assert.Equal("pass", Verdict(report, "IDS-1"));     // ids from 1
        Assert.Equal("pass", Verdict(report, "IDS-5"));     // -1 for unknown and removed ids
        Assert.Equal("pass", Verdict(report, "FREE-3"));    // never calls ff inside remove
        Assert.Equal("pass", Verdict(report, "THREAD-2"));  // wakes when another thread changes things
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
    }

    [Fact]
    public void RealLibvirtDrivesTheReferenceLoop_AsTheNativeTiersNamedCase_AndItPasses()
    {
        var report = Valid(CliProcess.CertifyReport([0], "--loop", "reference", "--tier", "native"));
        Assert.Equal("pass", Verdict(report, "TIMER-5"));  // every lifecycle event arrived
        Assert.Equal("pass", Verdict(report, "FREE-2"));   // the ff of libvirt's event timer ran
        Assert.Contains(report.GetProperty("cases").EnumerateArray(), c => c.GetProperty("id").GetString() == "TIMER-5/real-libvirt-drives-loop" && c.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void RealLibvirtDrivingALoopThatNeverFrees_FailsFree2()
    {
        var report = Valid(CliProcess.CertifyReport([1], "--loop", "mutant:ff-never", "--tier", "native"));
        Assert.Equal("fail", Verdict(report, "FREE-2"));
        Assert.Equal("pass", Verdict(report, "TIMER-5"));
    }
}
