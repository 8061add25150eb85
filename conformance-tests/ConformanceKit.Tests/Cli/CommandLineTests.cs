using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary>The tool as a user runs it: help on every command, the exit codes, plain output under
/// CI, --format, Ctrl-C, compare and merge.</summary>
public sealed partial class CommandLineTests
{
    [Theory]
    [InlineData("certify")]
    [InlineData("replay")]
    [InlineData("rules")]
    [InlineData("mutants")]
    [InlineData("compare")]
    [InlineData("merge")]
    public void Help_OnEveryCommand(string command)
    {
        var r = Tool.Run(command, "--help");
        Assert.Equal(0, r.Exit);
        Assert.Contains("Usage:", r.Out, StringComparison.Ordinal);
        Assert.Contains(command, r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_WritesAllSevenKinds_PlainOneLinePerRule_Exit1ForAMutant()
    {
        string dir = Repo.NewTempDir("cli-ff");
        var r = Tool.Run("certify", "--loop", "mutant:ff-inside-remove", "--runs", "30", "--tier", "deterministic", "--out", dir);
        Assert.Equal(1, r.Exit);
        foreach (var f in new[] { "report.json", "junit.xml", "summary.md", "report.html", "badge.svg", "report.tap", "counterexamples/FREE-3.json" })
        {
            Assert.True(File.Exists(Path.Combine(dir, f)), $"{f} missing");
        }

        ReportSchema.AssertValid(Path.Combine(dir, "report.json"));
        Assert.Equal(45, RuleLine().Matches(r.Out).Count);
        Assert.DoesNotContain("\u001b[", r.Out, StringComparison.Ordinal); // no terminal codes in a log
        Assert.Contains("NOT CERTIFIED: mutant:ff-inside-remove", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ChoosesTheReports()
    {
        string dir = Repo.NewTempDir("cli-format");
        var r = Tool.Run("certify", "--runs", "5", "--tier", "deterministic", "--format", "json,badge", "--out", dir, "--quiet");
        Assert.Equal(0, r.Exit);
        Assert.Equal("badge.svg,report.json", string.Join(",", Directory.GetFiles(dir).Select(Path.GetFileName).Order()));
        Assert.Single(r.Out.Trim().Split('\n')); // --quiet: the final line only
    }

    [Theory]
    [InlineData("INT")]  // Ctrl-C
    [InlineData("TERM")] // a CI job cancelled, a container stopped
    public void Interrupted_WritesWhatItHas_MarkedIncomplete(string signal)
    {
        string dir = Repo.NewTempDir("cli-" + signal);
        var r = Tool.RunInterrupted("certify: reference", signal, "certify", "--runs", "200000", "--tier", "deterministic", "--out", dir);
        Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Out}{r.Err}");
        Assert.Contains("PARTIAL", r.Out, StringComparison.Ordinal);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!;
        Assert.False((bool)report["complete"]!);
        Assert.True((int)report["generatedRuns"]! < 200000);
        ReportSchema.AssertValid(Path.Combine(dir, "report.json"));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(dir, ".*", SearchOption.AllDirectories)));
    }

    [Fact]
    public void Compare_ThreeLoops_WritesHtmlAndMarkdown()
    {
        string[] dirs = [Repo.NewTempDir("cmp-a"), Repo.NewTempDir("cmp-b"), Repo.NewTempDir("cmp-c")];
        string[] loops = ["reference", "mutant:ff-inside-remove", "mutant:timer-zero-once"];
        for (int i = 0; i < 3; i++)
        {
            Tool.Run("certify", "--loop", loops[i], "--runs", "10", "--tier", "deterministic", "--out", dirs[i], "--quiet");
        }

        string outDir = Repo.NewTempDir("cmp-out");
        var r = Tool.Run(["compare", .. dirs, "--out", outDir]);
        Assert.Equal(0, r.Exit);
        string md = File.ReadAllText(Path.Combine(outDir, "compare.md"));
        Assert.All(loops, l => Assert.Contains($"`{l}`", md, StringComparison.Ordinal));
        Assert.Contains("compare.html", r.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "compare.html")));
    }

    [Fact]
    public void Merge_OfTwoShards_GivesTheTraceHashOfOneRun()
    {
        string whole = Repo.NewTempDir("m-whole"), s1 = Repo.NewTempDir("m-s1"), s2 = Repo.NewTempDir("m-s2"), merged = Repo.NewTempDir("m-out");
        Tool.Run("certify", "--runs", "20", "--tier", "deterministic", "--out", whole, "--quiet");
        Assert.Equal(0, Tool.Run("certify", "--runs", "20", "--tier", "deterministic", "--shard", "1/2", "--out", s1, "--quiet").Exit);
        Assert.Equal(0, Tool.Run("certify", "--runs", "20", "--tier", "deterministic", "--shard", "2/2", "--out", s2, "--quiet").Exit);
        var r = Tool.Run("merge", s2, s1, "--out", merged);
        Assert.Equal(0, r.Exit);
        string hash(string d) => (string)JsonNode.Parse(File.ReadAllText(Path.Combine(d, "report.json")))!["traceHash"]!;
        Assert.Equal(hash(whole), hash(merged));
        ReportSchema.AssertValid(Path.Combine(merged, "report.json"));
    }

    [GeneratedRegex(@"^[A-Z]+-\d+\s+(MUST|SHOULD|INFO)\s+(pass|fail|non-strict|info|not-run|hang|crash)\b", RegexOptions.Multiline)]
    private static partial Regex RuleLine();
}
