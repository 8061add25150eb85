using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>How HANDLE-3 judges the killed-daemon case's own observation (what the trace cannot
/// show: the kernel at the moment of each callback, libvirt's close callback, the quiet window),
/// pinned with the figures the reference loop produced and with each way a loop can get it wrong.</summary>
public sealed class DaemonGoneJudgementTests
{
    private static DaemonGoneObserved Gone(bool closed = true, int? quiet = 10, int hangupCalls = 1, int hangupReported = 1, HandleEvents reported = HandleEvents.Readable | HandleEvents.Hangup) =>
        new(0, 0, closed, closed ? 6.3 : null, 1, closed ? quiet : null, closed ? 202 : null, IterationWaitMs: 20, NextCallFailed: true, Failure: null,
            hangupCalls, hangupReported, reported);

    private static Judgement Judge(Fact fact) => RuleCatalogue.Find("HANDLE-3")!.Judge(fact);

    [Fact]
    public void What_the_reference_loop_did_passes() => Assert.Equal(Judgement.Pass, Judge(Gone()));

    [Fact]
    public void A_callback_without_the_Hangup_the_kernel_reported_fails()
    {
        var j = Judge(Gone(hangupReported: 0, reported: HandleEvents.Readable));
        Assert.Equal(Severity.Violation, j.Finding!.Severity);
        Assert.Contains("called back with Readable (1 of 1 callbacks after the daemon was killed lacked Hangup)", j.Finding.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void No_close_callback_fails_and_says_libvirt_learned_it_from_its_next_call()
    {
        var j = Judge(Gone(closed: false, hangupCalls: 0, hangupReported: 0));
        Assert.Equal(Severity.Violation, j.Finding!.Severity);
        Assert.Contains("libvirt learned it only when its next call failed", j.Finding.Actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, false)]  // RunOnce(20 ms) ten times in 202 ms: blocks
    [InlineData(35, false)]  // busy, but within three times the wait and five to spare
    [InlineData(36, true)]
    [InlineData(5000, true)] // returns at once every time
    public void A_loop_that_returns_far_more_often_than_its_wait_allows_spins(int quiet, bool spun)
    {
        Assert.Equal(spun, Gone(quiet: quiet).Spun);
        Assert.Equal(spun, Judge(Gone(quiet: quiet)).Finding?.Actual.Contains("the loop spins", StringComparison.Ordinal) ?? false);
    }

    [Fact]
    public void Masks_followed_counts_only_with_a_witness_and_a_breach_fails()
    {
        Assert.Equal(Judgement.Skip, RuleCatalogue.Find("HANDLE-6")!.Judge(new MasksFollowedObserved(0, 0, Witnesses: 0, Breaches: 0, FirstBreach: null)));
        Assert.Equal(Judgement.Pass, RuleCatalogue.Find("HANDLE-6")!.Judge(new MasksFollowedObserved(0, 0, Witnesses: 6, Breaches: 0, FirstBreach: null)));
        var j = RuleCatalogue.Find("HANDLE-6")!.Judge(new MasksFollowedObserved(0, 0, 6, 536, "watch 1 called back with Readable 1 iteration(s) after libvirt set its mask to None"));
        Assert.Equal(Severity.Violation, j.Finding!.Severity);
        Assert.Contains("(536 such callback(s))", j.Finding.Actual, StringComparison.Ordinal);
    }
}
