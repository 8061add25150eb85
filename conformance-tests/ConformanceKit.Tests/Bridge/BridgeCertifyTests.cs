using ConformanceKit.Harness.Bridge;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Bridge;

/// <summary>A correct Python loop of our own (tiny_poll_loop.py) certified through the bridge.</summary>
public sealed class BridgeCertifyTests
{
    private static readonly string Tiny = BridgeRuns.Spec("tiny_poll_loop.py", "TinyPollLoop");

    [Fact]
    public void TinyPollLoop_ThroughTheBridge_IsCertified_NoMustRuleFails()
    {
        var r = BridgeRuns.Certify(Tiny);
        var bad = r.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.Crash or Verdict.Hang).Select(x => x.Rule.Id).ToList();
        Assert.Empty(bad);
        Assert.True(r.Certified, "certified");
        Assert.Equal(BridgeRuns.Runs, r.GeneratedRuns);
        // The rules that need real fds, callbacks and re-entry were judged, not skipped.
        foreach (string id in new[] { "HANDLE-1", "HANDLE-3", "HANDLE-8", "FREE-3", "FREE-4", "REENTRY-1", "REENTRY-3", "TIMER-2" })
        {
            Assert.True(r.Rules.Single(x => x.Rule.Id == id).Checks > 0, $"{id} judged");
        }
    }

    [Fact]
    public void RemoveReturningOne_IsChargedIds5Only_WithTheCaveatThatLibvirtNeverSawIt()
    {
        // libvirt-python tells libvirt 0 whatever remove returned (it raised nothing): the
        // registration is gone for libvirt, its ff is due, and only the value is wrong.
        var r = BridgeRuns.Certify(BridgeRuns.Spec("mutants.py", "RemoveReturnsOne"));
        Assert.Equal(["IDS-5"], r.Rules.Where(x => x.Verdict == Verdict.Fail).Select(x => x.Rule.Id));
        Assert.Equal(PythonLoops.Caveats["IDS-5"], r.Rules.Single(x => x.Rule.Id == "IDS-5").Caveat);
    }


    [Fact]
    public void RulesTheBridgeCannotSee_AreNotRun_WithTheReason()
    {
        var r = BridgeRuns.Certify(Tiny);
        foreach (var (id, why) in BridgeLimits.NotJudged)
        {
            var x = r.Rules.Single(x => x.Rule.Id == id);
            Assert.Equal(Verdict.NotRun, x.Verdict);
            Assert.Equal(why, x.NotRunReason);
            Assert.Empty(x.Findings);
        }
    }

    [Fact]
    public void SameSeed_SameTraceHash_AcrossTwoRuns_WhateverRanBefore()
    {
        // A second certification in the same process meets the same adapter, which forks a fresh loop
        // per scenario: the traces must be the same, byte for byte.
        var first = BridgeRuns.Run(Tiny, 7, runs: 15);
        var second = BridgeRuns.Run(Tiny, 7, runs: 15);
        Assert.False(string.IsNullOrEmpty(first.TraceHash));
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.NotEqual(first.TraceHash, BridgeRuns.Run(Tiny, 8, runs: 15).TraceHash);
    }

    [Fact]
    public void EachScenario_MeetsAFreshLoop_WhateverRanBefore()
    {
        // ClassCounter keeps its id counter in a class attribute: in a long-lived process the
        // second run of a scenario would see other ids, and its trace would differ.
        var loaded = Harness.Loading.LoopLoader.Load(BridgeRuns.Spec("mutants.py", "ClassCounter"));
        using var dog = new Watchdog(TimeSpan.FromSeconds(5));
        var judge = new ScenarioJudge(loaded.Create, RuleCatalogue.All, dog);
        var first = ScenarioGenerator.Generate(3, 0, 40);
        var alone = judge.Run(first);
        for (int i = 1; i <= 5; i++)
        {
            judge.Run(ScenarioGenerator.Generate(3, i, 40));
        }

        var again = judge.Run(first);
        Assert.False(string.IsNullOrEmpty(alone.TraceHash));
        Assert.Equal(alone.TraceHash, again.TraceHash);
        Assert.DoesNotContain(again.Findings, f => f.Severity is Severity.Violation or Severity.Crash);

        // The hash does see the ids: the same scenario on a loop counting from 0 hashes otherwise.
        var fromZero = Harness.Loading.LoopLoader.Load(BridgeRuns.Spec("mutants.py", "IdsFromZero"));
        Assert.NotEqual(alone.TraceHash, new ScenarioJudge(fromZero.Create, RuleCatalogue.All, dog).Run(first).TraceHash);
    }

    [Fact]
    public void PythonCounterexample_Replays_AndFailsTheSameRule()
    {
        string dir = Directory.CreateTempSubdirectory("ck-bridge-replay-").FullName;
        var (exit, output, err) = Engine.CliProcess.Run("certify", "--loop", BridgeRuns.Spec("mutants.py", "FfInsideRemove"), "--tier", "deterministic", "--runs", "5", "--out", dir, "--quiet");
        Assert.True(exit == 1, output + err);
        string cx = Path.Combine(dir, "counterexamples", "FREE-3.json");
        Assert.True(File.Exists(cx), "FREE-3 has a counterexample file");
        var (rexit, rout, rerr) = Engine.CliProcess.Run("replay", cx);
        Assert.True(rexit == 1, rout + rerr);
        Assert.Contains("FREE-3 reproduced on python:", rout, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
