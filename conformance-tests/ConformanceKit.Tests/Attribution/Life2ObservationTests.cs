using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Tests.Attribution;

/// <summary>libvirtaio's B3 (docs/libvirtaio.md): LIFE-2 was recorded only when the scripted
/// exception came out of RunOnce, so a loop that catches exceptions from callbacks left LIFE-2
/// "not-run: nothing exercised it". The fake core marks the throw itself; LIFE-2 says what the
/// loop did with it, and no other rule is charged for that choice.</summary>
public sealed class Life2ObservationTests
{
    private static CertificationResult NamedCasesOnly(Func<TimeProvider, EventImpl> loop, string name) =>
        new Certifier(loop, TimeProvider.System).Run(new CertifyOptions(name, 1, 0, Tier: TierChoice.Deterministic));

    private static string Problems(CertificationResult r) =>
        string.Join("; ", r.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.NonStrict or Verdict.Crash or Verdict.Hang)
            .Select(x => $"{x.Rule.Id} {VerdictText.Of(x.Verdict)}: {x.Findings.FirstOrDefault()?.Actual}"));

    private static RuleResult Life2(CertificationResult r) => r.Rules.Single(x => x.Rule.Id == "LIFE-2");

    [Fact]
    public void ALoopThatCatchesTheException_IsRecordedAsSwallowingIt_AndGoingOn()
    {
        var r = NamedCasesOnly(t => new CatchesCallbackExceptionsLoop(t), "test:catches-callback-exceptions");

        Assert.True(r.Certified, Problems(r));
        Assert.Empty(Problems(r));
        Assert.Equal(Verdict.Info, Life2(r).Verdict);
        Assert.Equal("the loop swallowed the exception (RunOnce returned normally); later callbacks still ran; the callback that threw was called again", Assert.Single(Life2(r).Observations));
    }

    [Fact]
    public void ALoopThatLetsItOut_IsRecordedAsBefore()
    {
        var r = NamedCasesOnly(t => new ConformanceKit.Reference.ReferenceEventLoop(t), "reference");

        Assert.Equal("the exception propagated out of RunOnce; later callbacks still ran; the callback that threw was called again", Assert.Single(Life2(r).Observations));
    }

    [Fact]
    public void ALoopThatThrowsItsOwnExceptionInItsPlace_IsLife2s_NotACrash()
    {
        var r = NamedCasesOnly(t => new WrapsCallbackExceptionsLoop(t), "test:wraps-callback-exceptions");

        Assert.True(r.Certified, Problems(r));
        Assert.Empty(Problems(r));
        Assert.Contains("RunOnce threw CallbackFailedException in its place", Life2(r).Observations.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void ATimerThatDiesWithItsException_IsRecordedAsNeverCalledAgain()
    {
        var r = NamedCasesOnly(t => new TimerAfterThrowLoop(t, every: 0), "test:timer-dies-on-throw");

        Assert.Equal("the exception propagated out of RunOnce; later callbacks still ran; the callback that threw was never called again", Assert.Single(Life2(r).Observations));
    }
}
