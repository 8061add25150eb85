using ConformanceKit.Libvirt.Probes;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>The probes' child process runs the assemblies of its own build, not the copies beside
/// this test host: under coverage those are instrumented, and children writing their hits at
/// exit corrupted the host's (CI of 2026-12-02 lost its coverage report that way).</summary>
public sealed class ProbesChildTests
{
    [Fact]
    public void TheChild_StartsFromTheProbesOwnOutput_NotBesideTheTests()
    {
        var psi = LibvirtChildProcess.StartInfo(null, "selftest", "default");
        string testsDir = Path.GetDirectoryName(typeof(ProbesChildTests).Assembly.Location)!;
        string dll = psi.ArgumentList.Single(a => a.EndsWith("ConformanceKit.Libvirt.Probes.dll", StringComparison.Ordinal));
        Assert.True(File.Exists(dll), dll);
        Assert.NotEqual(testsDir, Path.GetDirectoryName(dll));
        Assert.Equal(psi.WorkingDirectory, Path.GetDirectoryName(dll));
        Assert.DoesNotContain("--runtimeconfig", psi.ArgumentList); // its own runtimeconfig beside it
    }
}
