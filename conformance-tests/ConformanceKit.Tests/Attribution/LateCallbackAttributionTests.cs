using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Attribution;

/// <summary>Issue 16 item 7: a loop that calls a removed registration's callback from another
/// thread was charged IDS-5 for the -1 it correctly gave the callback's own remove. The charge
/// was wrong: the callback ran inside the first remove (joined before that remove returned), the
/// loop had already taken the registration out, and the model still counted it live because the
/// first remove had not returned yet. Each bug goes to the rule it breaks.</summary>
public sealed class LateCallbackAttributionTests
{
    private static CertificationResult Certify(Func<TimeProvider, EventImpl> loop, TierChoice tier, ulong seed = 3) =>
        new Certifier(loop, TimeProvider.System).Run(new CertifyOptions("test:late-callback", seed, 50, Tier: tier, Schedules: 2));

    private static RuleResult Rule(CertificationResult r, string id) => r.Rules.Single(x => x.Rule.Id == id);

    [Theory]
    [InlineData(3UL)]
    [InlineData(11UL)]
    public void CallbackInsideRemove_ItsOwnRemoveToldMinusOne_IsNotChargedToIds5OrFree7(ulong seed)
    {
        var r = Certify(t => new LateCallbackInsideRemoveLoop(t), TierChoice.Deterministic, seed);

        // The -1 said "already removed", which it was (the open remove then returned 0).
        var ids5 = Rule(r, "IDS-5");
        Assert.True(ids5.Checks > 0);
        Assert.True(ids5.Verdict == Verdict.Pass, string.Join("\n", ids5.Counterexample?.Story ?? []));
        Assert.Equal(Verdict.Pass, Rule(r, "FREE-7").Verdict); // same answer, for a disabled one

        // The bug is still found where it shows: a callback removed from inside its own callback
        // is called again while that callback is still running.
        Assert.False(r.Certified);
        Assert.Equal(Verdict.Fail, Rule(r, "REENTRY-3").Verdict);
    }

    [Fact]
    public void CallbackAfterRemoveReturned_IsFree1_NotIds5()
    {
        var r = Certify(t => new LateCallbackAfterRemoveLoop(t), TierChoice.Deterministic);
        var free1 = Rule(r, "FREE-1");
        Assert.Equal(Verdict.Fail, free1.Verdict);
        Assert.Contains(free1.Counterexample!.Story, l => l.Contains("<-- FREE-1", StringComparison.Ordinal));
        Assert.Equal(Verdict.Pass, Rule(r, "IDS-5").Verdict);
    }

    [Fact]
    public void CallbackAfterRemoveReturned_OnAnotherThread_IsThread3()
    {
        var r = Certify(t => new LateCallbackAfterRemoveLoop(t), TierChoice.Threaded);
        Assert.Equal(Verdict.Fail, Rule(r, "THREAD-3").Verdict);
        Assert.False(r.Certified);
    }

    [Fact]
    public void Reference_PassesIds5AndFree7_OnTheSameSeeds()
    {
        var r = Certify(t => new ConformanceKit.Reference.ReferenceEventLoop(t), TierChoice.Deterministic);
        Assert.True(r.Certified);
        Assert.Equal(Verdict.Pass, Rule(r, "IDS-5").Verdict);
        Assert.Equal(Verdict.Pass, Rule(r, "FREE-7").Verdict);
        Assert.Equal(Verdict.Pass, Rule(r, "FREE-1").Verdict);
    }
}
