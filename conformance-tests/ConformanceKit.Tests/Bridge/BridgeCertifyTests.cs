using ConformanceKit.Harness.Bridge;
using ConformanceKit.Harness.Engine;
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
    public void BridgedLoop_ThreadedRules_AreNotRun_WithTheReason()
    {
        var r = BridgeRuns.Certify(Tiny);
        foreach (var x in r.Rules.Where(x => x.Rule.Tier == RuleTier.Threaded))
        {
            Assert.Equal(Verdict.NotRun, x.Verdict);
            Assert.Equal(PythonLoops.ThreadedNotRun, x.NotRunReason);
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
}
