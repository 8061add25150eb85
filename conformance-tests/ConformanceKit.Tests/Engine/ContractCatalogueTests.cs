using System.Text.RegularExpressions;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Engine;

/// <summary>The rule catalogue is the contract's: every id of CONTRACT.md, with its level and its
/// sentence word for word, and nothing else.</summary>
public sealed partial class ContractCatalogueTests
{
    /// <summary>The copy of the contract kept in the repository, so that a clean clone can check
    /// itself without the shared folder beside it.</summary>
    private static string ContractPath => Path.Combine(CliProcess.RepoRoot, "docs", "spec", "CONTRACT.md");

    /// <summary>The project's shared spec, where it sits beside the repository (on developers'
    /// machines); the copy must not drift from it.</summary>
    private static string SharedContractPath => Path.GetFullPath(Path.Combine(CliProcess.RepoRoot, "..", "shared", "spec", "CONTRACT.md"));

    [Fact]
    public void RepositoryCopyOfTheContract_IsTheSharedSpecWordForWord_WhereTheSharedSpecIsPresent()
    {
        Assert.True(File.Exists(ContractPath), $"CONTRACT.md not found at {ContractPath}");
        string copy = File.ReadAllText(ContractPath);
        Assert.Contains("IDS-1 MUST", copy, StringComparison.Ordinal);
        if (File.Exists(SharedContractPath))
        {
            Assert.Equal(File.ReadAllText(SharedContractPath), copy);
        }
    }

    [GeneratedRegex(@"^- \*\*(?<id>[A-Z]+-\d+) (?<level>MUST|SHOULD|INFO)\*\* (?<text>.*)$")]
    private static partial Regex RuleLine();

    [Fact]
    public void Catalogue_HasEveryRuleOfTheContract_WithItsLevelAndSentence()
    {
        Assert.True(File.Exists(ContractPath), $"CONTRACT.md not found at {ContractPath}");
        var rules = new Dictionary<string, (string Level, string Text)>();
        string? current = null;
        foreach (var line in File.ReadAllLines(ContractPath))
        {
            var m = RuleLine().Match(line);
            if (m.Success)
            {
                current = m.Groups["id"].Value;
                rules[current] = (m.Groups["level"].Value, m.Groups["text"].Value);
            }
            else if (current is not null && line.StartsWith("  ", StringComparison.Ordinal) && line.Trim().Length > 0)
            {
                rules[current] = (rules[current].Level, rules[current].Text + " " + line.Trim());
            }
            else
            {
                current = null;
            }
        }

        Assert.Equal(45, rules.Count);
        Assert.Equal(rules.Keys.Order(), RuleCatalogue.All.Select(r => r.Id).Order());
        foreach (var r in RuleCatalogue.All)
        {
            Assert.Equal(rules[r.Id].Level, VerdictText.Of(r.Level));
            Assert.Equal(rules[r.Id].Text, r.Sentence);
        }
    }

    [Fact]
    public void RulesCommand_ListsAll45Ids()
    {
        var r = CliProcess.Run("rules");
        Assert.Equal(0, r.Exit);
        foreach (var rule in RuleCatalogue.All)
        {
            Assert.Contains($"{rule.Id} ", r.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReferenceLoop_LeavesNoFdOpen_UnderTheRealTool()
    {
        // In a process of its own: the count of /proc/self/fd is only meaningful there.
        var report = CliProcess.CertifyReport([0], "--loop", "reference", "--runs", "100");
        var life1 = report.GetProperty("rules").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "LIFE-1");
        Assert.DoesNotContain(life1.GetProperty("observations").EnumerateArray(), o => o.GetProperty("text").GetString()!.Contains("still open", StringComparison.Ordinal));
    }

    [Fact]
    public void ALoopThatLeaksAnFd_IsReportedUnderLife1()
    {
        string dll = typeof(LeaksAnFdLoop).Assembly.Location;
        var report = CliProcess.CertifyReport([0, 1], "--loop", $"assembly:{dll}:{typeof(LeaksAnFdLoop).FullName}", "--runs", "5", "--tier", "deterministic");
        var life1 = report.GetProperty("rules").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "LIFE-1");
        Assert.Contains(life1.GetProperty("observations").EnumerateArray(), o => o.GetProperty("text").GetString()!.Contains("1 fd(s) still open", StringComparison.Ordinal));
    }
}
