using System.Text.Json.Nodes;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary>Each bad input of certify, compare and merge: exit 2 and one line on stderr.</summary>
public sealed class BadInputTests
{
    /// <summary>A typo of a command names the command meant (issue 16, item 9: it said "Required
    /// command was not provided").</summary>
    [Theory]
    [InlineData("certfy", "did you mean 'certify'")]
    [InlineData("replya", "did you mean 'replay'")]
    [InlineData("mutant", "did you mean 'mutants'")]
    [InlineData("xyzzy", "unknown command 'xyzzy'")]
    public void MistypedCommand_SuggestsTheNearest(string typo, string message) =>
        Tool.AssertBadInput(Tool.Run(typo, "--loop", "reference"), message);

    /// <summary>The loop kinds are one list, used by --loop's help and by the unknown-loop error
    /// (both left out libvirt:default and libvirt-glib).</summary>
    [Fact]
    public void UnknownLoop_AndLoopHelp_NameEveryKindOfLoop()
    {
        var bad = Tool.Run("certify", "--loop", "fancy", "--runs", "1");
        Tool.AssertBadInput(bad, "unknown loop 'fancy'");
        string help = Tool.Run("certify", "--help").Out;
        foreach (var kind in new[] { "reference", "mutant:NAME", "libvirt:default", "libvirt-glib", "assembly:PATH[:TYPE]" })
        {
            Assert.Contains(kind, bad.Err, StringComparison.Ordinal);
            Assert.Contains(kind, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UnknownOption() => Tool.AssertBadInput(Tool.Run("compare", "--bogus"), "--bogus");

    [Theory]
    [InlineData("3")]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("a/b")]
    public void MalformedShard(string shard) => Tool.AssertBadInput(Tool.Run("certify", "--shard", shard, "--runs", "1"), "--shard");

    [Fact]
    public void UnknownFormat() => Tool.AssertBadInput(Tool.Run("certify", "--format", "json,pdf", "--runs", "1"), "pdf");

    [Fact]
    public void UnknownTier() => Tool.AssertBadInput(Tool.Run("certify", "--tier", "quantum", "--runs", "1"), "quantum");

    [Fact]
    public void UnwritableOut()
    {
        string file = Path.Combine(Repo.NewTempDir("unwritable"), "a-file");
        File.WriteAllText(file, "not a folder");
        Tool.AssertBadInput(Tool.Run("certify", "--runs", "1", "--out", Path.Combine(file, "out")), "cannot write to --out");
        Tool.AssertBadInput(Tool.Run("merge", Shards.One, Shards.Two, "--out", Path.Combine(file, "out")), "cannot write to --out");
    }

    [Fact]
    public void CompareOrMerge_OfAnotherSchemaVersion()
    {
        string dir = Repo.NewTempDir("v2");
        var o = JsonNode.Parse(File.ReadAllText(Path.Combine(Shards.One, "report.json")))!;
        o["schemaVersion"] = 2;
        File.WriteAllText(Path.Combine(dir, "report.json"), o.ToJsonString());
        Tool.AssertBadInput(Tool.Run("compare", Shards.One, dir), "schemaVersion 2");
        Tool.AssertBadInput(Tool.Run("merge", Shards.One, dir, "--out", Repo.NewTempDir("m")), "schemaVersion 2");
    }

    [Fact]
    public void AContractVersion1Report_IsReadByCompare_AndRefusedByMerge()
    {
        // As reports were written before contract version 2: no contractVersion, no HANDLE-10, no LIFE-4.
        string dir = Repo.NewTempDir("v1");
        var o = JsonNode.Parse(File.ReadAllText(Path.Combine(Shards.Two, "report.json")))!.AsObject();
        Assert.Equal(2, (int)o["contractVersion"]!);
        o.Remove("contractVersion");
        var rules = o["rules"]!.AsArray();
        foreach (var gone in rules.Where(r => (string?)r!["id"] is "HANDLE-10" or "LIFE-4").ToList())
        {
            rules.Remove(gone);
        }

        File.WriteAllText(Path.Combine(dir, "report.json"), o.ToJsonString());
        string outDir = Repo.NewTempDir("cmp");
        var compare = Tool.Run("compare", Shards.One, dir, "--out", outDir);
        Assert.True(compare.Exit == 0, compare.Err);
        string md = File.ReadAllText(Path.Combine(outDir, "compare.md"));
        Assert.Contains("| contract version | | 2 | 1 |", md, StringComparison.Ordinal);
        Assert.Matches(@"\| HANDLE-10 \| MUST \| \w+ \| — \|", md);

        Tool.AssertBadInput(Tool.Run("merge", Shards.One, dir, "--out", Repo.NewTempDir("m")), "contract version 1");
    }

    [Fact]
    public void Compare_OfAFolderWithoutReport() => Tool.AssertBadInput(Tool.Run("compare", Repo.NewTempDir("empty")), "no report.json");

    [Fact]
    public void Merge_OfDifferentSeeds() =>
        Tool.AssertBadInput(Tool.Run("merge", Shards.One, Shards.OtherSeedTwo, "--out", Repo.NewTempDir("m")), "seed");

    [Fact]
    public void Merge_OfOverlappingShards() =>
        Tool.AssertBadInput(Tool.Run("merge", Shards.One, Shards.One, Shards.Two, "--out", Repo.NewTempDir("m")), "overlapping");

    [Fact]
    public void Merge_WithAMissingShard() =>
        Tool.AssertBadInput(Tool.Run("merge", Shards.One, "--out", Repo.NewTempDir("m")), "missing shards: 2/2");

    /// <summary>Shard reports made once by the tool for these tests.</summary>
    private static class Shards
    {
        private static readonly Lazy<string[]> Made = new(() =>
        {
            string[] dirs = [Repo.NewTempDir("s1"), Repo.NewTempDir("s2"), Repo.NewTempDir("s2-seed2")];
            Tool.Run("certify", "--runs", "4", "--tier", "deterministic", "--shard", "1/2", "--out", dirs[0], "--quiet");
            Tool.Run("certify", "--runs", "4", "--tier", "deterministic", "--shard", "2/2", "--out", dirs[1], "--quiet");
            Tool.Run("certify", "--runs", "4", "--tier", "deterministic", "--shard", "2/2", "--seed", "2", "--out", dirs[2], "--quiet");
            return dirs;
        });

        public static string One => Made.Value[0];

        public static string Two => Made.Value[1];

        public static string OtherSeedTwo => Made.Value[2];
    }
}
