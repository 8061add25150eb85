using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary>The command line only parses and prints (issue 10): how a loop is run and judged is
/// decided in the harness (RunPolicy, Certifier, Replay), so certify and replay cannot drift
/// apart, as they did when replay built its own judge without the real-clock decision.</summary>
public sealed class CommandsOnlyParseTests
{
    // The engine's parts: a command that builds one of these is deciding how a loop is run.
    private static readonly string[] EngineParts =
        ["new ScenarioJudge(", "new ThreadedTier(", "new Watchdog(", "new UnitRunner(", "JudgeFacts(", "Story.Tell(", "RunWithinBound(", "new ReferenceRun("];

    [Fact]
    public void NoCommand_BuildsTheEnginesParts()
    {
        string cli = Path.Combine(Repo.Root, "harness", "ConformanceKit.Cli");
        var files = Directory.GetFiles(cli, "*.cs").Where(f => !f.Contains("/obj/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (string f in files)
        {
            string text = File.ReadAllText(f);
            foreach (string part in EngineParts)
            {
                Assert.False(text.Contains(part, StringComparison.Ordinal), $"{Path.GetFileName(f)} builds {part.TrimEnd('(')}: that belongs in the harness");
            }
        }
    }
}
