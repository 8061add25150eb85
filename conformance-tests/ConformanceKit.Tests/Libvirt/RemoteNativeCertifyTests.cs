using System.Text.Json;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>The remote native cases through the real tool (<c>--tier native --native-cases
/// remote</c>): real libvirt talks to a private libvirtd while it drives the loop, so the handle
/// rules are judged on real libvirt's traffic. About 4 s a run (two daemons, two sessions).</summary>
public sealed class RemoteNativeCertifyTests
{
    private static JsonElement Certify(int exit, string loop)
    {
        LibvirtRequired.Check();
        var report = CliProcess.CertifyReport([exit], "--loop", loop, "--tier", "native", "--native-cases", "remote", "--timeout", "3");
        Assert.Empty(Reports.ReportSchema.Errors(report.GetRawText()));
        return report;
    }

    /// <summary>What the two remote sessions judge (with the reference loop; a rule missing here is
    /// not-run). HANDLE-1/2/3/6/7 are judged on real libvirt's socket watch, FREE-* on it and on the
    /// keepalive timer as well as on the event timer.</summary>
    public static readonly string[] JudgedOnTheRemoteSessions =
    [
        "IDS-1", "IDS-2", "IDS-3", "IDS-4", "IDS-5", "HANDLE-1", "HANDLE-2", "HANDLE-3", "HANDLE-6", "HANDLE-7",
        "TIMER-1", "TIMER-3", "TIMER-4", "TIMER-5", "TIMER-6", "TIMER-7",
        "FREE-1", "FREE-2", "FREE-3", "FREE-4", "FREE-6", "FREE-7", "REENTRY-1", "REENTRY-3", "REENTRY-4",
    ];

    [Fact]
    public void The_reference_loop_passes_every_rule_the_remote_sessions_judge()
    {
        var report = Certify(0, "reference");
        string[] judged = [.. report.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("verdict").GetString() != "not-run").Select(r => r.GetProperty("id").GetString()!)];
        // Timing decides a few more now and then (an event arriving in the iteration after the one
        // that read the last: HANDLE-5): all that are judged must pass.
        Assert.Empty(JudgedOnTheRemoteSessions.Except(judged));
        Assert.All(judged, rule => Assert.Equal("pass", CliProcess.Verdict(report, rule)));
        string[] cases = [.. report.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("id").GetString()!)];
        Assert.Equal(["HANDLE-1/real-libvirt-remote-session", "HANDLE-3/real-libvirt-daemon-killed", "HANDLE-6/real-libvirt-remote-from-another-thread"], cases);
    }

    /// <summary>Loops that break a rule real libvirt's remote traffic exercises fail it.</summary>
    [Theory]
    [InlineData("no-hangup-unless-asked", "HANDLE-3")] // the killed daemon's socket: Readable without the Hangup the kernel reports
    [InlineData("ff-inside-remove", "FREE-3")]         // the socket's watch and the keepalive timer, removed at close
    [InlineData("update-ignored", "HANDLE-6")]         // the loop on its own thread calls the socket back while libvirt holds it (mask 0)
    public void Real_libvirts_remote_traffic_convicts(string mutant, string rule) =>
        Assert.Equal("fail", CliProcess.Verdict(Certify(1, $"mutant:{mutant}"), rule));

    /// <summary>A wrong --native-cases is bad input: exit 2 and one line naming the choices.</summary>
    [Fact]
    public void A_wrong_native_cases_choice_is_refused_in_one_line()
    {
        var r = CliProcess.Run("certify", "--loop", "reference", "--tier", "native", "--native-cases", "bogus", "--quiet");
        Assert.Equal(2, r.Exit);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains("'all' 'in-process' 'remote'", r.Err, StringComparison.Ordinal);
    }
}
