using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Tests.Bridge;

/// <summary>The threaded tier over the bridge (issue 12, item 6): Python threads call the loop's six
/// functions while the loop's own thread steps it on the real clock. The tiny Python loop, which is
/// thread-safe, keeps every threaded rule; each threaded mutant is convicted of its rule; and
/// libvirtaio, whose asyncio loop no other thread can wake, fails THREAD-2.</summary>
public sealed class BridgeThreadedTests
{
    private static readonly string[] ThreadedRules = ["THREAD-1", "THREAD-2", "THREAD-3", "FREE-5"];

    public static TheoryData<string, string> Mutants => new()
    {
        { "NoWakeup", "THREAD-2" },
        { "FfUnderLock", "FREE-5" },
        { "RemoveAtIterationEnd", "THREAD-3" },
    };

    [Fact]
    public void TinyLoop_KeepsEveryThreadedRule_CalledFromPythonThreads()
    {
        var r = BridgeRuns.Run(BridgeRuns.Spec("tiny_poll_loop.py", "TinyPollLoop"), 1, runs: 0, tier: TierChoice.Threaded, schedules: 3);
        foreach (string id in ThreadedRules)
        {
            var x = r.Rules.Single(x => x.Rule.Id == id);
            Assert.True(x.Verdict == Verdict.Pass, $"{id} {x.Verdict}: {string.Join("; ", x.Findings.Select(f => f.Actual))}");
        }

        Assert.DoesNotContain(r.Cases, c => c.Crashed || c.Hung);
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public void ThreadedMutant_IsConvictedOfItsRule_ThroughTheBridge(string mutant, string rule)
    {
        var r = BridgeRuns.Run(BridgeRuns.Spec("mutants.py", mutant), 1, runs: 0, tier: TierChoice.Threaded, rules: [rule], schedules: 2);
        var x = r.Rules.Single(x => x.Rule.Id == rule);
        // A loop that never wakes may run past the unit's deadline on a loaded machine: a hang,
        // which convicts it as well (ThreadMutantTests accepts the same).
        Assert.True(x.Verdict is Verdict.Fail or Verdict.Hang, $"{rule} {x.Verdict}: {string.Join("; ", x.Findings.Select(f => f.Actual))}");
        Assert.False(r.Certified);
        // Its counterexample replays, in a threaded session of its own.
        if (x.Counterexample is { } c)
        {
            var replay = Replay.Run(c, BridgeRuns.Spec("mutants.py", mutant), "replay FILE");
            Assert.True(replay.Reproduced, string.Join("\n", replay.Lines));
        }
        else
        {
            Assert.Equal(Verdict.Hang, x.Verdict); // a hang has no counterexample to replay
        }
    }

    [Fact]
    public void AThreadedCounterexample_OnAPerlLoop_IsRefusedWithTheReason()
    {
        var r = BridgeRuns.Run(BridgeRuns.Spec("mutants.py", "RemoveAtIterationEnd"), 1, runs: 0, tier: TierChoice.Threaded, rules: ["THREAD-3"], schedules: 2);
        var c = Assert.IsType<Counterexample>(r.Rules.Single(x => x.Rule.Id == "THREAD-3").Counterexample);
        var e = Assert.Throws<Harness.Loading.BadInputException>(() => Replay.Run(c, BridgeRuns.PerlSpec("TinyLoop.pm", "TinyLoop"), "replay FILE"));
        Assert.Contains(Harness.Bridge.BridgeLimits.PerlThreadedNotRun, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WritesGarbageInTimer", "protocol error: not JSON: this is not json")]
    [InlineData("ExitsInTimer", "exited with status 7")]
    public void AnAdapterThatBreaks_InAThreadedSession_CostsTheCaseACrash_SayingWhat(string mutant, string says)
    {
        var r = BridgeRuns.Run(BridgeRuns.Spec("mutants.py", mutant), 1, runs: 0, tier: TierChoice.Threaded, rules: ["THREAD-2"], schedules: 1);
        var x = r.Rules.Single(x => x.Rule.Id == "THREAD-2");
        Assert.Equal(Verdict.Crash, x.Verdict);
        Assert.Contains(x.Findings, f => f.Actual.Contains("the bridge adapter failed", StringComparison.Ordinal) && f.Actual.Contains(says, StringComparison.Ordinal));
    }

    [Fact]
    public void Libvirtaio_FailsThread2_ItsSelectSleepsThroughAChangeFromAnotherThread()
    {
        var r = BridgeRuns.Run("python:libvirtaio", 1, runs: 0, tier: TierChoice.Threaded, rules: ["THREAD-2"], schedules: 1);
        var x = r.Rules.Single(x => x.Rule.Id == "THREAD-2");
        Assert.Equal(Verdict.Fail, x.Verdict);
        Assert.DoesNotContain(r.Cases, c => c.Crashed);
    }
}
