using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.Probes;
using ConformanceKit.Libvirt.Probes.SelfCheck;

namespace ConformanceKit.Tests.Libvirt;

public sealed class DefaultLoopSelfCheck() : ChildReportFixture<SelfCheckReport>(false, () => LibvirtChildProcess.SelfCheck("default"));

/// <summary>libvirt's default loop (libvirt 9.0.0, GLib-based) through <see cref="LibvirtDefaultLoop"/>,
/// probed in a child process of its own: the facts of LIBVIRT-FACTS.md, and what docs/libvirt.md
/// adds.</summary>
public sealed class LibvirtDefaultLoopTests(DefaultLoopSelfCheck child) : IClassFixture<DefaultLoopSelfCheck>
{
    [Theory]
    [InlineData("ids-count-from-1")]
    [InlineData("two-watches-one-fd")]
    [InlineData("mask-0-stops-watching")]
    [InlineData("remove-then-ff-later")]
    [InlineData("remove-unknown-is-minus-1")]
    [InlineData("negative-fd-accepted")]
    [InlineData("timer-0-every-iteration")]
    public void Fact_from_LIBVIRT_FACTS_holds(string check) => SelfCheckAssert.Matches(child.Report, check);

    [Theory]
    [InlineData("level-triggered")]
    [InlineData("update-replaces-mask")]
    [InlineData("timer-minus-1-and-update")]
    [InlineData("timer-30ms")]
    [InlineData("hangup-unasked-pipe")]
    [InlineData("error-unasked-pipe")]
    [InlineData("hangup-socketpair")]
    [InlineData("hangup-after-update")]
    [InlineData("ff-from-clean-stack")]
    [InlineData("ff-with-frequency-0-timer-live")]
    [InlineData("timer-ff-with-frequency-0-timer-live")]
    [InlineData("removed-not-resurrected")]
    [InlineData("remove-disabled-registrations")]
    [InlineData("run-once-bounded")]
    [InlineData("fd-closed-while-registered")]
    [InlineData("wakeup-from-another-thread")]
    public void Pinned_behaviour_holds(string check) => SelfCheckAssert.Matches(child.Report, check);

    [Fact]
    public void Every_check_ran_and_matched()
    {
        SelfCheckReport report = child.Report;
        Assert.Equal(LibvirtDefaultLoop.Spec, report.Loop);
        Assert.Equal(23, report.Checks.Count);
        Assert.All(report.Checks, c => Assert.True(c.MatchesExpected, $"{c.Name}: expected {c.Expected}; observed {c.Observed}"));
    }

    [Fact]
    public void Handle_ff_runs_alone_in_the_next_iteration_but_a_timer_ff_waits_while_anything_is_ready()
    {
        // vireventglib.c: a removed watch's ff runs from an idle source at G_PRIORITY_HIGH, so the
        // iteration that runs it dispatches nothing else (a frequency-0 timer and a ready watch miss
        // it: TIMER-2, HANDLE-5); a removed timer's ff runs from one at G_PRIORITY_DEFAULT_IDLE, held
        // back while any default-priority source is ready (FREE-6 fails for timers).
        SelfCheckReport report = child.Report;
        CheckResult handleFf = SelfCheckAssert.Matches(report, "ff-with-frequency-0-timer-live");
        Assert.EndsWith(": F|TW|TW|TW|TW|", handleFf.Observed, StringComparison.Ordinal);
        Assert.False(handleFf.ContractHolds);
        Assert.False(SelfCheckAssert.Matches(report, "timer-ff-with-frequency-0-timer-live").ContractHolds);
    }

    [Fact]
    public void Error_and_hangup_are_reported_unasked()
    {
        SelfCheckReport report = child.Report;
        Assert.True(SelfCheckAssert.Matches(report, "hangup-unasked-pipe").ContractHolds);
        Assert.True(SelfCheckAssert.Matches(report, "error-unasked-pipe").ContractHolds);
        Assert.True(SelfCheckAssert.Matches(report, "hangup-socketpair").ContractHolds);
    }
}
