using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Reference;

namespace ConformanceKit.Tests.Attribution;

/// <summary>libvirtaio's B6 (docs/libvirtaio.md): a timer at frequency 0 updated to N and fired once
/// more in the next iteration (a fire still owed to "every iteration", like a kept old deadline) was
/// failed TIMER-9 "fired N ms before its due time" for a huge N, and TIMER-3 "N ms early" for a small
/// one: the exemption for a fire owed to the old deadline needed a due time, and frequency 0 has
/// none. That one fire is TIMER-6's remark (the update did not take effect at once); a second early
/// fire is TIMER-3's or TIMER-9's again.</summary>
public sealed class LeftZeroAttributionTests
{
    private static ScenarioOutcome Judge(Func<TimeProvider, EventImpl> loop, int frequency)
    {
        using var dog = new Watchdog(TimeSpan.FromSeconds(10));
        return new ScenarioJudge(loop, RuleCatalogue.All, dog).Run(Scenario.Of(
            new AddTimer(0), new Iterate(), new UpdateTimer(Target.Ref(0), frequency), new Iterate(), new Iterate(), new Iterate()));
    }

    private static string Findings(ScenarioOutcome o) => string.Join("\n", o.Failures);

    [Theory]
    [InlineData(16777223)]
    [InlineData(int.MaxValue)]
    [InlineData(500)]
    public void OneFireInTheIterationAfterLeavingZero_IsATimer6Remark_Only(int frequency)
    {
        var o = Judge(t => new LeavesZeroLateLoop(t, extraFires: 1), frequency);

        var timer6 = Assert.Single(o.Failures);
        Assert.Equal("TIMER-6", timer6.RuleId);
        Assert.Equal(Severity.Remark, timer6.Severity);
        Assert.Contains("after its update from frequency 0", timer6.Actual, StringComparison.Ordinal);
        if (frequency >= 1 << 24)
        {
            // TIMER-9 still judged the iterations that followed: the timer did not fire there.
            Assert.True(o.Checks.GetValueOrDefault("TIMER-9") > 0, Findings(o));
        }
    }

    [Theory]
    [InlineData(16777223, "TIMER-9")]
    [InlineData(500, "TIMER-3")]
    public void ASecondFireAfterLeavingZero_IsEarlyAgain(int frequency, string rule)
    {
        var o = Judge(t => new LeavesZeroLateLoop(t, extraFires: 2), frequency);

        Assert.True(o.FailsOutright(rule), Findings(o));
        Assert.Contains(o.Failures, f => f.RuleId == "TIMER-6" && f.Severity == Severity.Remark);
    }

    [Theory]
    [InlineData(16777223)]
    [InlineData(500)]
    public void Reference_LeavingZero_HasNoFinding(int frequency)
    {
        var o = Judge(t => new ReferenceEventLoop(t), frequency);
        Assert.Empty(o.Failures);
    }
}
