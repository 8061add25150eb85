using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.SelfCheck;

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
    public void Handle_ff_comes_before_a_frequency_0_timer_but_a_timer_ff_waits_for_it()
    {
        // vireventglib.c: a removed watch's ff runs from an idle at G_PRIORITY_HIGH (so that
        // iteration runs nothing else), a removed timer's at G_PRIORITY_DEFAULT_IDLE (held back
        // while a default-priority source is ready): FREE-6 does not hold for timers here.
        SelfCheckReport report = child.Report;
        Assert.Contains(": F|T|T|T|T|", SelfCheckAssert.Matches(report, "ff-with-frequency-0-timer-live").Observed, StringComparison.Ordinal);
        Assert.False(SelfCheckAssert.Matches(report, "timer-ff-with-frequency-0-timer-live").ContractHolds);
    }
}
