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
        { "UpdateUnknownRaises", "IDS-6" },
    };

    [Fact]
    public void AnExceptionTheLoopRaises_IsThatCallsFailure_UnderItsPythonName()
    {
        // KeyError from the loop's own code is not the adapter's protocol error: IDS-6 says what the
        // loop raised, and no case or run crashed.
        var r = BridgeRuns.Certify(BridgeRuns.Spec("mutants.py", "UpdateUnknownRaises"));
        var ids6 = r.Rules.Single(x => x.Rule.Id == "IDS-6");
        Assert.Contains(ids6.Findings, f => f.Actual.Contains("threw KeyError", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Cases, c => c.Crashed || c.Hung);
        Assert.Empty(r.CrashedRuns);
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
