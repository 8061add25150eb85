using System.Text.Json.Nodes;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary><c>replay</c> runs a loop on the clock certify ran it on (issue 10): a loop with no
/// TimeProvider constructor keeps time by the system clock, so a replay on the virtual clock would
/// move a clock the loop never reads and "reproduce" a timer that was never late.</summary>
public sealed class ReplayClockTests
{
    [Fact]
    public void ALoopOnTheSystemClock_IsReplayedOnTheRealClock()
    {
        string dir = Repo.NewTempDir("replay-clock");
        string spec = $"assembly:{typeof(SystemClockOnlyLoop).Assembly.Location}:{typeof(SystemClockOnlyLoop).FullName}";
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
        string file = Path.Combine(dir, "TIMER-3.json");
        File.WriteAllText(file, cx.ToJsonString());

        var r = Tool.Run("replay", file);
        Assert.True(r.Exit == 0, $"exit {r.Exit} (1: replayed on the virtual clock): {r.Out}{r.Err}");
        Assert.Contains("does not fail", r.Out, StringComparison.Ordinal);
    }
}
