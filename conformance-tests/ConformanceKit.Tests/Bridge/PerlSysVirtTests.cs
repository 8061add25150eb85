using ConformanceKit.Harness.Engine;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Bridge;

/// <summary>The other direction (issue 13, item 4): Debian's real Sys::Virt drives a Perl loop
/// through test:///default (<c>--tier native</c>), and every rule judges what crossed.</summary>
public sealed class PerlSysVirtTests
{
    private static CertificationResult Native(string file, string package) =>
        BridgeRuns.Run(BridgeRuns.PerlSpec(file, package), 1, runs: 0, timeoutSeconds: 5, tier: TierChoice.Native, native: NativeChoice.InProcess);

    private static readonly Lazy<CertificationResult> Tiny = new(() => Native("TinyLoop.pm", "TinyLoop"));

    [Fact]
    public void RealSysVirt_DrivesTinyLoop_EveryEventArrives_AndEveryRuleItJudgesPasses()
    {
        var r = Tiny.Value;
        var session = Assert.Single(r.Cases);
        Assert.Equal("TIMER-5/real-sys-virt-drives-perl-loop", session.Id);
        Assert.True(session.Passed, string.Join("; ", session.Findings.Select(f => $"{f.RuleId}: {f.Actual}")));
        Assert.True(r.Certified);
        // What real libvirt asked of the loop is what the rules judged: its event timer (added
        // at -1 with an ff, set to 0 per event, removed and freed at deregistration).
        foreach (var rule in new[] { "IDS-2", "TIMER-1", "TIMER-5", "FREE-2", "FREE-3", "REENTRY-1" })
        {
            var x = r.Rules.Single(x => x.Rule.Id == rule);
            Assert.True(x.Verdict == Verdict.Pass && x.Checks > 0, $"{rule}: {x.Verdict}, {x.Checks} checks");
        }
    }

    [Theory]
    [InlineData("FfInsideRemove", "FREE-3")]
    [InlineData("IdsFromZero", "IDS-2")]
    [InlineData("RemoveReturnsOne", "IDS-5")]
    public void PerlMutant_IsConvicted_OnRealSysVirtsTraffic(string mutant, string rule)
    {
        var r = Native("Mutants.pm", "Mutants::" + mutant);
        Assert.Equal(Verdict.Fail, r.Rules.Single(x => x.Rule.Id == rule).Verdict);
        Assert.Equal(Verdict.Pass, Tiny.Value.Rules.Single(x => x.Rule.Id == rule).Verdict);
        // Sys::Virt was shielded: the session still ran to its end, every event arrived.
        Assert.Equal(Verdict.Pass, r.Rules.Single(x => x.Rule.Id == "TIMER-5").Verdict);
    }

    [Fact]
    public void ALoopThatHangsUnderSysVirt_IsAHangOfTheCase_AndNoPerlIsLeftRunning()
    {
        var r = BridgeRuns.Run(BridgeRuns.PerlSpec("Mutants.pm", "Mutants::HangsInTimer"), 1, runs: 0, timeoutSeconds: 0.5, tier: TierChoice.Native, native: NativeChoice.InProcess);
        Assert.Equal(Verdict.Hang, r.Rules.Single(x => x.Rule.Id == "TIMER-5").Verdict);
        for (int i = 0; i < 60 && BridgeProcesses.Naming("ck_sysvirt.pl").Count > 0; i++)
        {
            Thread.Sleep(50);
        }

        Assert.Empty(BridgeProcesses.Naming("ck_sysvirt.pl"));
    }
}
