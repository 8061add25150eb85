using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Reports;
using ConformanceKit.Tests.Cli;

namespace ConformanceKit.Tests.Reports.Plots;

/// <summary>report.html's "Timing at a glance" from real certifications: the threaded tier plots
/// THREAD-2's wake-ups and nothing it did not measure, a loop on the real clock gets TIMER-3's and
/// FREE-6's plots, the virtual clock gets no section at all, and a report read back from
/// report.json draws the same plots.</summary>
[Collection(ReportsCollection.Name)]
public sealed partial class TimingPlotsTests
{
    private static readonly string[] Changes = ["frequency-0 timer added", "ready watch added", "registration removed"];

    [Fact]
    public void CertifyThreaded_OnTheReference_PlotsTheWakeupsAndNothingElse()
    {
        string dir = Repo.NewTempDir("timing-threaded");
        var r = Tool.Run("certify", "--loop", "reference", "--tier", "threaded", "--schedules", "3", "--out", dir, "--quiet");
        Assert.True(r.Exit == 0, r.Out + r.Err);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        string section = TimingSection(html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" id=\"plot-THREAD-2\"", section, StringComparison.Ordinal);
        Assert.Equal(Changes, SeriesOf(section, "plot-THREAD-2"));
        // Three schedules, one change of each kind per schedule.
        Assert.All(Changes, c => Assert.Contains($"n = 3, median ", Row(section, c), StringComparison.Ordinal));
        // The deterministic tier did not run: no TIMER-3 or FREE-6 plot, not even an empty one.
        Assert.DoesNotContain("plot-TIMER-3", html, StringComparison.Ordinal);
        Assert.DoesNotContain("plot-FREE-6", html, StringComparison.Ordinal);

        ReportSchema.AssertValid(Path.Combine(dir, "report.json"));
        var back = ReportReader.Read(dir);
        Assert.Equal(section, TimingSection(HtmlReport.Render(back.Result, dir)));
    }

    [Fact]
    public void VirtualClock_MeasuresNothing_AndThePageHasNoTimingSection()
    {
        var w = ReportRuns.Ref;
        Assert.All(w.Result.Rules, x => Assert.True(x.Measurements.IsEmpty && x.Measured == 0, $"{x.Rule.Id} measured on the virtual clock"));
        string html = File.ReadAllText(w.File("report.html"));
        Assert.DoesNotContain("id=\"timing\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"measurements\"", File.ReadAllText(w.File("report.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void RealClockScenarios_PlotTimerFiresAndIterationsToFf()
    {
        var o = new CertifyOptions("system-clock-only", Tier: TierChoice.Deterministic, RealClock: true, Cases: CaseChoice.Named);
        var result = new Certifier(_ => new SystemClockOnlyLoop(), TimeProvider.System).Run(o);
        foreach (string id in new[] { "TIMER-3", "FREE-6" })
        {
            var x = result.Rules.Single(x => x.Rule.Id == id);
            Assert.True(x.Measured > 0, $"{id} measured nothing on the real clock");
            Assert.All(x.Measurements, m => Assert.Equal(Measurements.RealClockScenarios, m.Series));
        }

        // FREE-6 counts whole iterations; the reference's ffs run within FREE-6's two.
        Assert.All(result.Rules.Single(x => x.Rule.Id == "FREE-6").Measurements, m => Assert.True(m.Value is >= 0 and <= 2, $"ff {m.Value} iterations after its remove"));
        string dir = Repo.NewTempDir("timing-real-clock");
        ReportWriter.WriteAll(result, dir);
        string section = TimingSection(File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.Contains("id=\"plot-TIMER-3\"", section, StringComparison.Ordinal);
        Assert.Contains("id=\"plot-FREE-6\"", section, StringComparison.Ordinal);
        Assert.DoesNotContain("plot-THREAD-2", section, StringComparison.Ordinal);
        ReportSchema.AssertValid(Path.Combine(dir, "report.json"));
    }

    [Fact]
    public void Measurements_ReadBackFromReportJson_AsWritten()
    {
        // Early, late, and never: every kind of value the field holds, in two series.
        ImmutableArray<Measurement> timer = [new("TIMER-3", "a", -3), new("TIMER-3", "a", 0), new("TIMER-3", "b", 140)];
        ImmutableArray<Measurement> free = [new("FREE-6", "a", 1), new("FREE-6", "a", null)];
        var r = ReportRuns.Ref.Result;
        r = r with
        {
            Rules = [.. r.Rules.Select(x => x.Rule.Id switch
            {
                "TIMER-3" => x with { Measurements = timer, Measured = 3 },
                "FREE-6" => x with { Measurements = free, Measured = 7 },
                _ => x,
            })],
        };
        string dir = Repo.NewTempDir("timing-json");
        ReportWriter.WriteAll(r, dir);
        ReportSchema.AssertValid(Path.Combine(dir, "report.json"));
        var back = ReportReader.Read(dir).Result;
        Assert.Equal<Measurement>(timer, back.Rules.Single(x => x.Rule.Id == "TIMER-3").Measurements);
        Assert.Equal<Measurement>(free, back.Rules.Single(x => x.Rule.Id == "FREE-6").Measurements);
        Assert.Equal(7, back.Rules.Single(x => x.Rule.Id == "FREE-6").Measured);
        Assert.Equal(0, back.Rules.Single(x => x.Rule.Id == "THREAD-2").Measured);

        string section = TimingSection(File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.Equal(section, TimingSection(HtmlReport.Render(back, dir)));
        // Kept fewer than measured: the caption says so.
        Assert.Contains("The first 2 of 7 values are shown.", section, StringComparison.Ordinal);
    }

    private static string TimingSection(string html)
    {
        var m = Section().Match(html);
        Assert.True(m.Success, "the page has no timing section");
        return m.Value;
    }

    private static IEnumerable<string> SeriesOf(string section, string plot) =>
        Series().Matches(section[section.IndexOf($"id=\"{plot}\"", StringComparison.Ordinal)..]).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));

    private static string Row(string section, string series)
    {
        int at = section.IndexOf($"data-series=\"{series}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no row {series}");
        return section[at..section.IndexOf("</g>", at, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<section id=\"timing\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex("<g class=\"row\" data-series=\"([^\"]*)\">")]
    private static partial Regex Series();
}
