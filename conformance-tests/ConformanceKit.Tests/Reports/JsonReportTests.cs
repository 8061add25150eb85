using System.Text.Json.Nodes;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Reports;

namespace ConformanceKit.Tests.Reports;

/// <summary>report.json: every report the suite writes validates against the published schema,
/// carries the run's facts, and reads back into the same report.</summary>
[Collection(ReportsCollection.Name)]
public sealed class JsonReportTests
{
    [Fact]
    public void EveryReportWritten_ValidatesAgainstTheSchema()
    {
        foreach (var w in ReportRuns.All)
        {
            ReportSchema.AssertValid(w.File("report.json"));
        }
    }

    [Fact]
    public void Schema_RejectsAnotherVersion_AndAMissingField()
    {
        var report = JsonNode.Parse(File.ReadAllText(ReportRuns.Ref.File("report.json")))!.AsObject();
        Assert.Empty(ReportSchema.Errors(report.ToJsonString()));

        report["schemaVersion"] = 2;
        Assert.NotEmpty(ReportSchema.Errors(report.ToJsonString()));

        report["schemaVersion"] = 1;
        report.Remove("runHashes");
        Assert.NotEmpty(ReportSchema.Errors(report.ToJsonString()));
    }

    [Fact]
    public void Report_CarriesTheRunFacts()
    {
        var o = JsonNode.Parse(File.ReadAllText(ReportRuns.Ref.File("report.json")))!;
        Assert.Equal(JsonReport.ToolVersion, (string?)o["tool"]!["version"]);
        Assert.Equal(Environment.ProcessorCount, (int)o["machine"]!["cpus"]!);
        Assert.False(string.IsNullOrEmpty((string?)o["machine"]!["os"]));
        Assert.True(DateTimeOffset.Parse((string)o["started"]!, System.Globalization.CultureInfo.InvariantCulture)
            <= DateTimeOffset.Parse((string)o["ended"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, (int)o["shard"]!["count"]!);
        Assert.True((bool)o["complete"]!);
        Assert.Equal("deterministic", (string?)o["tier"]);
        Assert.Equal(NamedCases.All.Length + ReportRuns.Runs, o["runHashes"]!.AsArray().Count);
        Assert.All(o["rules"]!.AsArray(), r => Assert.NotNull(r!["timing"]!["judgeMs"]));
    }

    [Fact]
    public void Counterexample_IsInTheReport_AndInItsFile()
    {
        var o = JsonNode.Parse(File.ReadAllText(ReportRuns.Ff.File("report.json")))!;
        var free3 = o["rules"]!.AsArray().Single(r => (string?)r!["id"] == "FREE-3")!;
        Assert.Equal("fail", (string?)free3["verdict"]);
        Assert.Equal("counterexamples/FREE-3.json", (string?)free3["counterexample"]!["file"]);
        Assert.StartsWith("conformancekit replay /", (string?)free3["counterexample"]!["replay"], StringComparison.Ordinal); // written in-process: the installed tool, an absolute path
        Assert.True(File.Exists(ReportRuns.Ff.File("counterexamples/FREE-3.json")));
    }

    [Fact]
    public void StoppedRun_IsMarkedIncomplete_AndNotCertified()
    {
        var o = JsonNode.Parse(File.ReadAllText(ReportRuns.Stopped.File("report.json")))!;
        Assert.False((bool)o["complete"]!);
        Assert.False((bool)o["certified"]!);
        Assert.Equal("INCOMPLETE", (string?)o["outcome"]);
    }

    [Fact]
    public void ReadBack_GivesTheSameReport()
    {
        foreach (var w in new[] { ReportRuns.Ref, ReportRuns.Ff })
        {
            var back = ReportReader.Read(w.Dir);
            Assert.Equal(File.ReadAllText(w.File("report.json")), JsonReport.Serialize(back.Result, w.Dir));
        }
    }

    [Fact]
    public void Read_OfAnotherSchemaVersion_SaysSoInOneLine()
    {
        string dir = Repo.NewTempDir("v99");
        File.WriteAllText(Path.Combine(dir, "report.json"), """{ "schemaVersion": 99 }""");
        var e = Assert.Throws<InvalidDataException>(() => ReportReader.Read(dir));
        Assert.Contains("schemaVersion 99", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
