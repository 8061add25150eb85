using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.Probes;
using ConformanceKit.Libvirt.Probes.SelfCheck;

namespace ConformanceKit.Tests.Libvirt;

public sealed class AdapterCheckChild() : ChildReportFixture<SelfCheckReport>(false, LibvirtChildProcess.AdapterCheck);

/// <summary>The adapters' own behaviour, in a child process: one loop kind per process, a second
/// <see cref="LibvirtDefaultLoop"/> shares the registration, the own timer is out of the user's
/// reach, exceptions from callbacks surface from RunOnce after the iteration, Dispose mutes.</summary>
public sealed class LibvirtAdapterTests(AdapterCheckChild child) : IClassFixture<AdapterCheckChild>
{
    [Theory]
    [InlineData("second-instance-shares-the-loop")]
    [InlineData("other-loop-kinds-refused")]
    [InlineData("own-timer-shielded")]
    [InlineData("callback-exception-after-iteration")]
    [InlineData("dispose-mutes-the-instance")]
    [InlineData("libvirt-keeps-the-first-registration")]
    public void Adapter_behaves_as_documented(string check) => SelfCheckAssert.Matches(child.Report, check);

    [Fact]
    public void Child_reports_missing_arguments_with_exit_2()
    {
        LibvirtChildProcess.Result r = LibvirtChildProcess.Run(TimeSpan.FromSeconds(30), "selftest", "nonsense");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown loop 'nonsense'", r.Stderr, StringComparison.Ordinal);
    }
}
