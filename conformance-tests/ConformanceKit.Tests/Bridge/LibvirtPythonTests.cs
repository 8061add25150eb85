using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Tests.Bridge;

/// <summary>The other direction for Python loops (issue 14, item 6, and issue 12's mapping):
/// Debian's real libvirt-python drives a Python loop through test:///default (<c>--tier native</c>),
/// and every rule judges what crossed.</summary>
public sealed class LibvirtPythonTests
{
    private static CertificationResult Native(string file, string cls, double timeoutSeconds = 5) =>
        BridgeRuns.Run(BridgeRuns.Spec(file, cls), 1, runs: 0, timeoutSeconds: timeoutSeconds, tier: TierChoice.Native, native: NativeChoice.InProcess);

    [Fact]
    public void RealLibvirtPython_DrivesTinyPollLoop_EveryEventArrives_AndEveryRuleItJudgesPasses()
    {
        var r = Native("tiny_poll_loop.py", "TinyPollLoop");
        var session = Assert.Single(r.Cases);
        Assert.Equal("TIMER-5/real-libvirt-python-drives-python-loop", session.Id);
        Assert.True(session.Passed, string.Join("; ", session.Findings.Select(f => $"{f.RuleId}: {f.Actual}")));
        // libvirt's event timer: added at -1 with an ff, set to 0 per event and back from inside
        // its callback, removed at deregistration, then freed through virEventInvokeFreeCallback.
        foreach (var rule in new[] { "IDS-2", "TIMER-1", "TIMER-5", "FREE-2", "FREE-3", "REENTRY-1" })
        {
            var x = r.Rules.Single(x => x.Rule.Id == rule);
            Assert.True(x.Verdict == Verdict.Pass && x.Checks > 0, $"{rule}: {x.Verdict}, {x.Checks} checks");
        }
    }

    [Fact]
    public void APythonLoopThatFreesInsideRemove_IsConvicted_AndLibvirtPythonIsShielded()
    {
        var r = Native("mutants.py", "FfInsideRemove");
        Assert.Equal(Verdict.Fail, r.Rules.Single(x => x.Rule.Id == "FREE-3").Verdict);
        // The ff was run later from the session's top level: libvirt did not deadlock, the
        // session ran to its end and every event arrived.
        Assert.Equal(Verdict.Pass, r.Rules.Single(x => x.Rule.Id == "TIMER-5").Verdict);
    }

    [Fact]
    public void ALoopThatHangsUnderLibvirtPython_IsAHangOfTheCase_AndNoPythonIsLeftRunning()
    {
        var r = Native("mutants.py", "HangsInTimer", timeoutSeconds: 0.5);
        Assert.Equal(Verdict.Hang, r.Rules.Single(x => x.Rule.Id == "TIMER-5").Verdict);
        for (int i = 0; i < 60 && BridgeProcesses.Naming("ck_libvirt_python.py").Count > 0; i++)
        {
            Thread.Sleep(50);
        }

        Assert.Empty(BridgeProcesses.Naming("ck_libvirt_python.py"));
    }
}
