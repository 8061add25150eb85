using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.Probes;
using ConformanceKit.Libvirt.Probes.SelfCheck;

namespace ConformanceKit.Tests.Libvirt;

public sealed class GlibLoopSelfCheck() : ChildReportFixture<SelfCheckReport>(true, () => LibvirtChildProcess.SelfCheck("glib"));

/// <summary>libvirt-glib's loop (libvirt-glib 4.0.0) through <see cref="LibvirtGlibLoop"/>, probed in a
/// child process of its own; what it does is written in docs/libvirt.md.</summary>
public sealed class LibvirtGlibLoopTests(GlibLoopSelfCheck child) : IClassFixture<GlibLoopSelfCheck>
{
    [Theory]
    [InlineData("ids-count-from-1")]
    [InlineData("two-watches-one-fd")]
    [InlineData("level-triggered")]
    [InlineData("update-replaces-mask")]
    [InlineData("mask-0-stops-watching")]
    [InlineData("remove-then-ff-later")]
    [InlineData("remove-unknown-is-minus-1")]
    [InlineData("negative-fd-accepted")]
    [InlineData("timer-0-every-iteration")]
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
        Assert.Equal(LibvirtGlibLoop.Spec, report.Loop);
        Assert.Equal(23, report.Checks.Count);
        Assert.All(report.Checks, c => Assert.True(c.MatchesExpected, $"{c.Name}: expected {c.Expected}; observed {c.Observed}"));
    }

    [Fact]
    public void Error_and_hangup_are_reported_only_once_a_watch_was_updated()
    {
        // libvirt-glib-event.c asks GLib for G_IO_IN/G_IO_OUT only on add, and adds G_IO_HUP (never
        // G_IO_ERR) on update: HANDLE-3 fails on a fresh watch.
        SelfCheckReport report = child.Report;
        Assert.False(SelfCheckAssert.Matches(report, "hangup-unasked-pipe").ContractHolds);
        Assert.False(SelfCheckAssert.Matches(report, "error-unasked-pipe").ContractHolds);
        Assert.False(SelfCheckAssert.Matches(report, "hangup-socketpair").ContractHolds);
        Assert.True(SelfCheckAssert.Matches(report, "hangup-after-update").ContractHolds);
    }

    [Fact]
    public void Ff_is_never_called_inside_remove_and_runs_on_the_next_iteration()
    {
        SelfCheckReport report = child.Report;
        Assert.True(SelfCheckAssert.Matches(report, "remove-then-ff-later").ContractHolds);
        Assert.True(SelfCheckAssert.Matches(report, "ff-from-clean-stack").ContractHolds);
    }
}
