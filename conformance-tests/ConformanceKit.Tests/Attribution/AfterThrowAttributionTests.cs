using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Attribution;

/// <summary>libvirtaio's B2 (docs/libvirtaio.md): in LIFE-2/callback-throws a loop whose timer stops
/// after its callback raised was failed TIMER-2, though the contract leaves what a loop does after a
/// callback throws to LIFE-2 (INFO). After a scripted throw nothing of that registration is owed
/// until the loop calls it back; from then on it is judged as before.</summary>
public sealed class AfterThrowAttributionTests
{
    private static CertificationResult NamedCasesOnly(Func<TimeProvider, EventImpl> loop, string name) =>
        new Certifier(loop, TimeProvider.System).Run(new CertifyOptions(name, 1, 0, Tier: TierChoice.Deterministic));

    private static ScenarioOutcome Judge(Func<TimeProvider, EventImpl> loop, params Step[] steps)
    {
        using var dog = new Watchdog(TimeSpan.FromSeconds(10));
        return new ScenarioJudge(loop, RuleCatalogue.All, dog).Run(Scenario.Of(steps));
    }

    private static string Problems(CertificationResult r) =>
        string.Join("; ", r.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.NonStrict or Verdict.Crash or Verdict.Hang)
            .Select(x => $"{x.Rule.Id} {VerdictText.Of(x.Verdict)}: {x.Findings.FirstOrDefault()?.Actual}"));

    [Fact]
    public void TimerThatStopsAfterItsCallbackThrew_IsNotChargedTimer2_AndLife2RecordsIt()
    {
        var r = NamedCasesOnly(t => new TimerAfterThrowLoop(t, every: 0), "test:timer-dies-on-throw");

        Assert.True(r.Certified, Problems(r));
        Assert.Equal(Verdict.Pass, r.Rules.Single(x => x.Rule.Id == "TIMER-2").Verdict);
        var life2 = r.Rules.Single(x => x.Rule.Id == "LIFE-2");
        Assert.Contains(life2.Observations, o => o.Contains("propagated out of RunOnce", StringComparison.Ordinal));
    }

    /// <summary>A loop that keeps firing is judged as before: once it has called the timer back after
    /// the throw, every later iteration owes a fire again, and two missed in a row fail TIMER-2.</summary>
    [Fact]
    public void TimerThatKeepsFiringAfterTheThrow_ButEveryThirdIterationOnly_StillFailsTimer2()
    {
        var o = Judge(t => new TimerAfterThrowLoop(t, every: 3),
            new AddTimer(0, true, [new Reaction(ReactionKind.Throw)]),
            new Iterate(), new Iterate(), new Iterate(), new Iterate(), new Iterate(), new Iterate(), new Iterate(), new Iterate());

        Assert.True(o.FailsOutright("TIMER-2"), string.Join("\n", o.Failures));
    }

    /// <summary>The callback after the throw is the loop's answer to it, not a fire whose timing TIMER-3
    /// judges: a loop whose re-arm the exception skipped fires at once. The fires after it are judged
    /// as before (the next is on time, 100 ms after that answer).</summary>
    [Fact]
    public void PeriodicTimerCalledAgainAtOnceAfterItsThrow_IsNotTimer3Early()
    {
        var o = Judge(t => new RefiresAfterThrowLoop(t),
            new AddTimer(100, true, [new Reaction(ReactionKind.Throw)]),
            new Advance(100), new Iterate(), new Iterate(), new Advance(100), new Iterate(), new Iterate());

        Assert.Empty(o.Failures);
        Assert.True(o.Checks.GetValueOrDefault("TIMER-3") > 0);
    }
}
