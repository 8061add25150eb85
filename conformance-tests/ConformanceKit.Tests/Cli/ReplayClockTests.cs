using System.Text.Json.Nodes;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary><c>replay</c> runs a loop on the clock certify ran it on (issue 10): a loop with no
/// TimeProvider constructor keeps time by the system clock, so a replay on the virtual clock would
/// move a clock the loop never reads and "reproduce" a timer that was never late.</summary>
public sealed class ReplayClockTests
{
    private static string SystemClockSpec => $"assembly:{typeof(SystemClockOnlyLoop).Assembly.Location}:{typeof(SystemClockOnlyLoop).FullName}";

    [Fact]
    public void ALoopOnTheSystemClock_IsReplayedOnTheRealClock()
    {
        string dir = Repo.NewTempDir("replay-clock");
        File.WriteAllText(Path.Combine(dir, "TIMER-3.json"), TimerScenario(SystemClockSpec).ToJsonString());
        var r = Tool.Run("replay", Path.Combine(dir, "TIMER-3.json"));
        Assert.True(r.Exit == 0, $"exit {r.Exit} (1: replayed on the virtual clock): {r.Out}{r.Err}");
        Assert.Contains("does not fail", r.Out, StringComparison.Ordinal);
    }

    /// <summary>A counterexample says what it needs to replay faithfully (issue 10, item 3): the
    /// contract version it was judged under and the clock it ran on.</summary>
    [Fact]
    public void ACounterexampleRecordsItsContractVersionAndClock_AndOneOfAnotherVersionIsRefused()
    {
        string dir = Repo.NewTempDir("replay-version");
        var run = Tool.Run("certify", "--loop", "mutant:ids-from-zero", "--tier", "deterministic", "--runs", "0", "--out", dir, "--quiet");
        Assert.True(run.Exit == 1, $"exit {run.Exit}: {run.Out}{run.Err}");
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "counterexamples", "IDS-1.json")))!;
        Assert.Equal(ConformanceKit.Harness.Rules.RuleCatalogue.ContractVersion, (int)written["contractVersion"]!);
        Assert.Equal("virtual", (string)written["clock"]!);

        var old = TimerScenario(SystemClockSpec);
        old["contractVersion"] = 1;
        string file = Path.Combine(dir, "TIMER-3.json");
        File.WriteAllText(file, old.ToJsonString());
        var r = Tool.Run("replay", file);
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Out}{r.Err}");
        Assert.Contains("judged under contract version 1", r.Err, StringComparison.Ordinal);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    private static JsonObject TimerScenario(string spec)
    {
        // TIMER-3's scenario: a 100 ms timer, the clock moved to its due time, two iterations. On
        // the real clock the move is a 100 ms sleep and the correct loop fires the timer.
        var cx = new JsonObject
        {
            ["schemaVersion"] = 1, ["loop"] = spec, ["seed"] = 1, ["run"] = -1, ["caseId"] = "TIMER-3/fires-on-time",
            ["ruleId"] = "TIMER-3", ["originalSize"] = 4, ["tier"] = "real-clock", ["size"] = 4,
            ["scenario"] = new JsonObject
            {
                ["slots"] = new JsonArray("SocketPair", "SocketPair", "PipeReadEnd", "PipeWriteEnd"),
                ["steps"] = new JsonArray(
                    new JsonObject { ["op"] = "add_timeout", ["frequency"] = 100, ["withFf"] = true, ["reactions"] = new JsonArray() },
                    new JsonObject { ["op"] = "advance_to_due", ["timer"] = new JsonObject { ["isRaw"] = false, ["value"] = 0 }, ["offsetMs"] = 0 },
                    new JsonObject { ["op"] = "run_once" },
                    new JsonObject { ["op"] = "run_once" }),
            },
            ["expected"] = new JsonArray("timer r1 fires in the first iteration at or after its due time"),
            ["observed"] = "it did not fire", ["story"] = new JsonArray(),
        };
        return cx;
    }
}
