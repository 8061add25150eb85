namespace ConformanceKit.Tests.Engine;

/// <summary>Each bad input of certify and replay: exit 2, one line on stderr, no stack trace.</summary>
public sealed class CertifyBadInputTests
{
    private static readonly string TestDll = typeof(CertifyBadInputTests).Assembly.Location;

    private static void AssertBadInput((int Exit, string Out, string Err) r, string mustMention)
    {
        Assert.Equal(2, r.Exit);
        string err = r.Err.Trim();
        Assert.DoesNotContain('\n', err);
        Assert.DoesNotContain("   at ", r.Err + r.Out, StringComparison.Ordinal);
        Assert.Contains(mustMention, err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void UnknownOption_Exit2() => AssertBadInput(CliProcess.Run("certify", "--no-such-option"), "--no-such-option");

    [Fact]
    public void UnknownLoop_Exit2() => AssertBadInput(CliProcess.Run("certify", "--loop", "fancy"), "unknown loop");

    [Fact]
    public void UnknownMutant_Exit2() => AssertBadInput(CliProcess.Run("certify", "--loop", "mutant:no-such-bug"), "unknown mutant");

    [Fact]
    public void MissingAssembly_Exit2() => AssertBadInput(CliProcess.Run("certify", "--loop", "assembly:/nonexistent/Loop.dll"), "not found");

    [Fact]
    public void TypeThatIsNotAnEventImpl_Exit2() =>
        AssertBadInput(CliProcess.Run("certify", "--loop", $"assembly:{TestDll}:{typeof(NotALoop).FullName}"), "not a public, non-abstract subclass");

    [Fact]
    public void NoUsableConstructor_Exit2() =>
        AssertBadInput(CliProcess.Run("certify", "--loop", $"assembly:{TestDll}:{typeof(NoUsableConstructorLoop).FullName}"), "no public constructor");

    [Fact]
    public void UnknownRuleId_Exit2() => AssertBadInput(CliProcess.Run("certify", "--rules", "FREE-99"), "unknown rule id");

    /// <summary>A selection that judges nothing would otherwise be "CERTIFIED, 0/0 MUST".</summary>
    [Fact]
    public void SelectionThatRunsNothing_Exit2() =>
        AssertBadInput(CliProcess.Run("certify", "--tier", "threaded", "--rules", "IDS-1"), "nothing to run");

    [Fact]
    public void MalformedCounterexample_Exit2()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{ this is not json");
            AssertBadInput(CliProcess.Run("replay", path), "not valid JSON");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CounterexampleOfAnotherVersion_Exit2()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "schemaVersion": 99, "loop": "reference", "ruleId": "FREE-3" }""");
            AssertBadInput(CliProcess.Run("replay", path), "schemaVersion 99");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ThirdPartyAssembly_LoadsInItsOwnContext_AndCertifies()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"ck-3p-{Guid.NewGuid():N}");
        try
        {
            var r = CliProcess.Run("certify", "--loop", $"assembly:{TestDll}:{typeof(ThirdPartyStyleLoop).FullName}", "--runs", "20", "--out", outDir, "--quiet");
            Assert.True(r.Exit == 0, r.Out + r.Err);
            Assert.True(File.Exists(Path.Combine(outDir, "report.json")));
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
