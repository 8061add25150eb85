using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Reference;

namespace ConformanceKit.Tests.Attribution;

/// <summary>libvirtaio's B1 (docs/libvirtaio.md): a watch that got its Writable one iteration late
/// on a hung-up fd was failed HANDLE-1 "still not in the next iteration", because the Hangup it
/// never got kept the whole miss open. HANDLE-1 judges the Readable/Writable it missed, HANDLE-3
/// the Error/Hangup: each bit group is late, or not, on its own.</summary>
public sealed class HangupMissAttributionTests
{
    /// <summary>The counterexample's shape: slot 1's peer closed (Readable, Writable, Hangup); a
    /// Readable watch that removes itself and a Writable watch on it; two iterations.</summary>
    private static readonly Scenario HungUpSocket = Scenario.Of(
        new Far(1, FdAction.CloseFarEnd),
        new AddWatch(1, HandleEvents.Readable, true, [new Reaction(ReactionKind.RemoveSelf)]),
        new AddWatch(1, HandleEvents.Writable),
        new Iterate(),
        new Iterate());

    private static ScenarioOutcome Judge(Func<TimeProvider, EventImpl> loop)
    {
        using var dog = new Watchdog(TimeSpan.FromSeconds(10));
        return new ScenarioJudge(loop, RuleCatalogue.All, dog).Run(HungUpSocket);
    }

    private static string Findings(ScenarioOutcome o) => string.Join("\n", o.Failures);

    [Fact]
    public void WritableOneLate_HangupNever_IsHandle3Fail_AndHandle1LateByOneRemark()
    {
        var o = Judge(t => new WritableLateNoHangupLoop(t));

        Assert.True(o.FailsOutright("HANDLE-3"), Findings(o));
        var handle1 = o.Failures.Where(f => f.RuleId == "HANDLE-1").ToList();
        Assert.NotEmpty(handle1);
        Assert.All(handle1, f =>
        {
            Assert.Equal(Severity.Remark, f.Severity);
            Assert.Contains("done in the next iteration: late by one iteration", f.Actual, StringComparison.Ordinal);
        });
    }

    /// <summary>Over generated scenarios too: the loop is one iteration late with Writable (a
    /// remark) and never reports Hangup (a failure), and nothing makes its Writable "never".</summary>
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void WritableOneLate_HangupNever_OverGeneratedRuns_FailsHandle3_NotHandle1(ulong seed)
    {
        var r = new Certifier(t => new WritableLateNoHangupLoop(t), TimeProvider.System)
            .Run(new CertifyOptions("test:writable-late-no-hangup", seed, 200, Tier: TierChoice.Deterministic));
        var handle1 = r.Rules.Single(x => x.Rule.Id == "HANDLE-1");
        Assert.Equal(Verdict.Fail, r.Rules.Single(x => x.Rule.Id == "HANDLE-3").Verdict);
        Assert.True(handle1.Verdict == Verdict.NonStrict, string.Join("\n", handle1.Findings));
    }

    [Fact]
    public void Reference_OnTheSameScenario_HasNoFinding()
    {
        var o = Judge(t => new ReferenceEventLoop(t));
        Assert.Empty(o.Failures);
    }
}
