using System.Collections.Immutable;
using ConformanceKit.Harness;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Tests.Engine;

/// <summary>When a tier stops starting units (<see cref="ShortCut"/>): after two deaths in a row
/// across two rules, never for one rule's cases alone, never across a unit that got through.</summary>
public sealed class ShortCutTests
{
    private static WorkUnit CaseOf(string id) =>
        new(NamedCases.All.IndexOf(NamedCases.All.Single(c => c.Id == id)), new NamedUnit(NamedCases.All.Single(c => c.Id == id)));

    private static WorkUnit Schedule(int origin, int schedule) => new(origin, new ThreadedUnit(ThreadedTier.Cases[0], schedule));

    private static UnitResult Hung(WorkUnit u) => UnitResult.Died(u, hung: true, "the loop did not return");

    private static UnitResult Passed(WorkUnit u) =>
        new(u, false, false, "h", [], ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, long>.Empty, ImmutableDictionary<string, long>.Empty, [], [], 0);

    [Fact]
    public void TwoDeathsInARow_InTwoRulesCases_StopTheTier()
    {
        var cut = new ShortCut();
        cut.Saw(Hung(CaseOf("IDS-1/watch-ids-positive")));
        Assert.False(cut.Skips(CaseOf("IDS-3/live-ids-unique")));
        cut.Saw(Hung(CaseOf("IDS-2/timer-ids-positive")));
        Assert.True(cut.Skips(CaseOf("IDS-3/live-ids-unique")));
        Assert.True(cut.Skips(new WorkUnit(NamedCases.All.Length, new GeneratedUnit(0))));
        Assert.False(cut.Skips(Schedule(WorkPlan.ThreadedOriginBase, 0)));
    }

    [Fact]
    public void DeathsInOneRulesCasesOnly_DoNotStopTheTier()
    {
        var cut = new ShortCut();
        cut.Saw(Hung(CaseOf("IDS-5/remove-unknown-ids")));
        cut.Saw(Hung(CaseOf("IDS-5/remove-twice")));
        Assert.False(cut.Skips(CaseOf("IDS-6/update-unknown-ids")));
    }

    [Fact]
    public void AUnitThatGetsThrough_StartsTheCountAgain()
    {
        var cut = new ShortCut();
        cut.Saw(Hung(CaseOf("IDS-1/watch-ids-positive")));
        cut.Saw(Passed(CaseOf("IDS-2/timer-ids-positive")));
        cut.Saw(UnitResult.Died(CaseOf("IDS-3/live-ids-unique"), hung: false, "crashed"));
        Assert.False(cut.Skips(CaseOf("IDS-4/no-reuse-after-remove")));
    }

    [Fact]
    public void AStuckThreadedLoop_CountsOnlyAfterAnotherTierStopped()
    {
        var stuck = Passed(Schedule(WorkPlan.ThreadedOriginBase, 0)) with { LoopStuck = true };
        var alone = new ShortCut();
        alone.Saw(stuck);
        alone.Saw(stuck with { Unit = Schedule(WorkPlan.ThreadedOriginBase + 10, 1) });
        Assert.False(alone.Skips(Schedule(WorkPlan.ThreadedOriginBase + 20, 2)));

        var after = new ShortCut();
        after.Saw(Hung(CaseOf("IDS-1/watch-ids-positive")));
        after.Saw(Hung(CaseOf("IDS-2/timer-ids-positive")));
        after.Saw(stuck);
        Assert.True(after.Skips(Schedule(WorkPlan.ThreadedOriginBase + 20, 2)));
        Assert.True(after.Trips.Single(t => t.Tier == Tier.Threaded).Hung);
    }

    [Fact]
    public void AfterCrashes_TheFirstCaseOfEachRuleIsStillTried_AndOneThatGetsThroughLiftsTheTrip()
    {
        var cut = new ShortCut();
        UnitResult Crashed(WorkUnit u) => UnitResult.Died(u, hung: false, "crashed");
        cut.Saw(Crashed(CaseOf("IDS-1/watch-ids-positive")));
        cut.Saw(Crashed(CaseOf("IDS-2/timer-ids-positive")));
        Assert.True(cut.Skips(new WorkUnit(NamedCases.All.Length, new GeneratedUnit(0))));
        Assert.False(cut.Skips(CaseOf("IDS-5/remove-unknown-ids")));   // a probe
        cut.Saw(Crashed(CaseOf("IDS-5/remove-unknown-ids")));
        Assert.True(cut.Skips(CaseOf("IDS-5/remove-twice")));          // its rule was tried
        cut.Saw(Passed(CaseOf("IDS-6/update-unknown-ids")));
        Assert.False(cut.Skips(CaseOf("IDS-6/update-after-remove")));  // the loop gets through again
        Assert.False(cut.Skips(new WorkUnit(NamedCases.All.Length, new GeneratedUnit(0))));
        Assert.False(cut.Trips.Single().Open);
    }
}
