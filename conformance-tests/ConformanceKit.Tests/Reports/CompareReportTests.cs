using ConformanceKit.Reports;

namespace ConformanceKit.Tests.Reports;

/// <summary>compare: the reference and two mutants side by side, rule by rule.</summary>
[Collection(ReportsCollection.Name)]
public sealed class CompareReportTests
{
    [Fact]
    public void ReferenceAndTwoMutants_SideBySide()
    {
        var reports = new[] { ReportRuns.Ref, ReportRuns.Ff, ReportRuns.Hangup }.Select(w => ReportReader.Read(w.Dir)).ToList();
        string dir = Repo.NewTempDir("compare");
        string html = CompareReport.Html(reports, dir);
        string md = CompareReport.Markdown(reports);

        foreach (var loop in new[] { "reference", "mutant:ff-inside-remove", "mutant:no-hangup-unless-asked" })
        {
            Assert.Contains(loop, html, StringComparison.Ordinal);
            Assert.Contains($"`{loop}`", md, StringComparison.Ordinal);
        }

        string free3 = md.Split('\n').Single(l => l.StartsWith("| FREE-3 |", StringComparison.Ordinal));
        var cells = free3.Split('|', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToList();
        Assert.Equal(["FREE-3", "MUST", "pass"], cells.Take(3));
        Assert.StartsWith("**fail**", cells[3], StringComparison.Ordinal);
        Assert.Equal("pass", cells[4]);
        string handle3 = md.Split('\n').Single(l => l.StartsWith("| HANDLE-3 |", StringComparison.Ordinal));
        Assert.Contains("**fail**", handle3.Split('|')[5], StringComparison.Ordinal);
        Assert.Contains("<tr id=\"rule-FREE-3\" data-level=\"MUST\" data-verdict=\"pass fail\" class=\"differs\">", html, StringComparison.Ordinal);
    }
}
