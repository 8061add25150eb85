using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ConformanceKit.Tests.Reports;

/// <summary>report.html as a person sees it: loaded from a file in a real headless Chromium (the
/// Debian package run-tests.sh installs), with script on. The rendered DOM shows the outcome, the
/// verdicts and the counterexample, the filters hide what they should, and a screenshot is kept
/// under TestResults/screenshots/ to look at.</summary>
/// <remarks>Without Chromium the tests are skipped on a developer's machine and fail under CI=true:
/// the browser check is part of the suite, not an option.</remarks>
[Collection(ReportsCollection.Name)]
public sealed partial class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public void RenderedReport_ShowsVerdictsAndTheCounterexample()
    {
        string dom = Browse(ReportRuns.Ff.File("report.html"), "--dump-dom");
        Assert.Contains("data-filters=\"ready\"", dom, StringComparison.Ordinal); // the script ran
        Assert.Matches(@"<div class=""outcome"" id=""outcome"">NOT CERTIFIED</div>", dom);
        Assert.Matches(@"<tr id=""rule-FREE-3"" data-level=""MUST"" data-verdict=""fail"">.*?<span class=""v v-fail"">fail</span>", dom);
        Assert.Matches(@"<tr id=""rule-IDS-1"" data-level=""MUST"" data-verdict=""pass"">.*?<span class=""v v-pass"">pass</span>", dom);
        Assert.Contains("<article class=\"cx\" id=\"cx-FREE-3\"", dom, StringComparison.Ordinal);
        Assert.Contains("&lt;-- FREE-3", dom, StringComparison.Ordinal);
        Assert.Contains("conformancekit replay /", dom, StringComparison.Ordinal);
        Assert.Contains("45 of 45 rules shown", dom, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(Repo.TestResults, "screenshots"));
        string png = Path.Combine(Repo.TestResults, "screenshots", "report.png");
        Browse(ReportRuns.Ff.File("report.html"), $"--screenshot={png}", "--window-size=1280,2000");
        Assert.True(new FileInfo(png).Length > 10_000, $"no screenshot at {png}");
    }

    [SkippableFact]
    public void Filters_FromTheAddress_HideTheOtherVerdicts()
    {
        string dom = Browse(ReportRuns.Ff.File("report.html") + "#verdict=fail", "--dump-dom");
        Assert.Matches(@"<tr id=""rule-FREE-3"" data-level=""MUST"" data-verdict=""fail"">", dom);
        Assert.Matches(@"<tr id=""rule-IDS-1"" data-level=""MUST"" data-verdict=""pass"" hidden="""">", dom);
        Assert.Matches(@"\d+ of 45 rules shown", dom);
        Assert.DoesNotContain("45 of 45 rules shown", dom, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void RenderedComparison_ShowsTheLoopsSideBySide()
    {
        var reports = new[] { ReportRuns.Ref, ReportRuns.Ff, ReportRuns.Hangup }.Select(w => ConformanceKit.Reports.ReportReader.Read(w.Dir)).ToList();
        string dir = Repo.NewTempDir("compare-html");
        string page = Path.Combine(dir, "compare.html");
        File.WriteAllText(page, ConformanceKit.Reports.CompareReport.Html(reports, dir));
        string dom = Browse(page, "--dump-dom");
        Assert.Equal(3, LoopHeader().Matches(dom).Count);
        Assert.Contains("data-filters=\"ready\"", dom, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(Repo.TestResults, "screenshots"));
        Browse(page, $"--screenshot={Path.Combine(Repo.TestResults, "screenshots", "compare.png")}", "--window-size=1280,1600");
    }

    /// <summary>Runs headless Chromium on a file with a fresh profile and no network features; returns stdout.</summary>
    private static string Browse(string file, params string[] what)
    {
        if (!File.Exists(Chromium))
        {
            bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            Assert.False(ci, $"{Chromium} is missing: the HTML report cannot be checked in a browser. run-tests.sh installs Debian's chromium package when run as root.");
            Skip.If(true, $"{Chromium} is missing (install Debian's chromium to run the browser check)");
        }

        string profile = Repo.NewTempDir("chromium-profile");
        try
        {
            var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", $"--user-data-dir={profile}" })
            {
                psi.ArgumentList.Add(a);
            }

            foreach (var a in what)
            {
                psi.ArgumentList.Add(a);
            }

            psi.ArgumentList.Add(new Uri(file.Split('#')[0]).AbsoluteUri + (file.Contains('#') ? "#" + file.Split('#')[1] : string.Empty));
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(60_000))
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 60 s");
            }

            Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    [GeneratedRegex("<th class=\"loop\">")]
    private static partial Regex LoopHeader();
}
