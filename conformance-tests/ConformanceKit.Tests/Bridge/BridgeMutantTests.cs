using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Tests.Bridge;

/// <summary>Proof that the bridge hides no bug: each Python mutant (mutants.py) is convicted of its
/// rule through it, while tiny_poll_loop.py, which they differ from, passes that rule.</summary>
public sealed class BridgeMutantTests
{
    public static TheoryData<string, string> Mutants => new()
    {
        { "FfInsideRemove", "FREE-3" },
        { "FfNever", "FREE-2" },
        { "IdsFromZero", "IDS-1" },
        { "IdsFromZero", "IDS-2" },
        { "HangupOnlyWhenAsked", "HANDLE-3" },
        { "ZeroFiresOnce", "TIMER-2" },
        { "UpdateHandleIgnored", "HANDLE-6" },
    };

    [Fact]
    public void AnExceptionInACall_IsWhatTheBindingMakesOfIt_AndKeepsIds6AndIds7()
    {
        // KeyError from an update of an unknown id, ValueError from adding fd -1: the binding
        // prints them and tells libvirt nothing / -1, so the loop keeps IDS-6 and IDS-7, and no
        // case or run crashed on them.
        var r = BridgeRuns.Certify(BridgeRuns.Spec("mutants.py", "UpdateUnknownRaises"));
        Assert.Equal(Verdict.Pass, r.Rules.Single(x => x.Rule.Id == "IDS-6").Verdict);
        Assert.Equal(Verdict.Pass, r.Rules.Single(x => x.Rule.Id == "IDS-7").Verdict);
        Assert.DoesNotContain(r.Cases, c => c.Crashed || c.Hung);
        Assert.Empty(r.CrashedRuns);
    }

    [Fact]
    public void AnExceptionOutOfTheStep_IsRecordedUnderItsPythonName()
    {
        var r = BridgeRuns.Certify(BridgeRuns.Spec("mutants.py", "StepRaisesWithATimer"));
        Assert.Contains(r.Rules.SelectMany(x => x.Findings), f => f.Actual.Contains("RunOnce threw ValueError", StringComparison.Ordinal));
        Assert.False(r.Certified);
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public void PythonMutant_IsConvictedOfItsRule_ThroughTheBridge(string mutant, string rule)
    {
        var r = BridgeRuns.Certify(BridgeRuns.Spec("mutants.py", mutant));
        Assert.Equal(Verdict.Fail, r.Rules.Single(x => x.Rule.Id == rule).Verdict);
        Assert.False(r.Certified);
        Assert.Equal(Verdict.Pass, BridgeRuns.Certify(BridgeRuns.Spec("tiny_poll_loop.py", "TinyPollLoop")).Rules.Single(x => x.Rule.Id == rule).Verdict);
    }
}
