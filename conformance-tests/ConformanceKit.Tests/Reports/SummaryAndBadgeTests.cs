using System.Xml.Linq;

namespace ConformanceKit.Tests.Reports;

/// <summary>summary.md and badge.svg say the same as report.json.</summary>
[Collection(ReportsCollection.Name)]
public sealed class SummaryAndBadgeTests
{
    [Fact]
    public void Summary_GivesTheOutcome_TheCounts_AndTheFailingStory()
    {
        string md = File.ReadAllText(ReportRuns.Ff.File("summary.md"));
        Assert.Contains("is NOT CERTIFIED", md, StringComparison.Ordinal);
        Assert.Contains("| FREE-3 | MUST | **fail** |", md, StringComparison.Ordinal);
        Assert.Contains("<-- FREE-3", md, StringComparison.Ordinal);
        Assert.Contains("is CERTIFIED", File.ReadAllText(ReportRuns.Ref.File("summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Badge_IsSvg_WithTheMustCount_GreenOrRed()
    {
        var ok = XDocument.Load(ReportRuns.Ref.File("badge.svg"));
        XNamespace svg = "http://www.w3.org/2000/svg";
        var texts = ok.Descendants(svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("libvirt events", texts);
        int judged = ReportRuns.Ref.Result.Rules.Count(r => r.Rule.Level == Harness.Rules.RuleLevel.Must && r.Verdict != Harness.Engine.Verdict.NotRun);
        Assert.Contains($"{judged}/{judged} MUST", texts);
        Assert.Contains("#4c1", File.ReadAllText(ReportRuns.Ref.File("badge.svg")), StringComparison.Ordinal);
        Assert.Contains("#e05d44", File.ReadAllText(ReportRuns.Ff.File("badge.svg")), StringComparison.Ordinal);
    }
}
