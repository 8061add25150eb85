using System.Reflection;
using System.Runtime.Loader;
using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Tests.Loading;

/// <summary>A loop assembly that ships its own copy of an assembly the harness already has (the
/// harness, the fake core, a package) must get the harness's: a second copy in one process means
/// two sets of statics, and, under the coverage run, a second instrumented module whose tracker
/// raced the test host's for one hits file (CI of 2026-12-02: a child's replay died with exit 134).</summary>
public sealed class PluginLoadContextTests
{
    private static readonly string TestsDll = typeof(PluginLoadContextTests).Assembly.Location;

    [Theory]
    [InlineData("ConformanceKit.Contract")]
    [InlineData("ConformanceKit.Harness")]
    [InlineData("ConformanceKit.FakeLibvirt")]
    [InlineData("Microsoft.Extensions.TimeProvider.Testing")]
    public void AnAssemblyTheHostShips_ResolvesToTheHostsCopy(string name)
    {
        var context = new PluginLoadContext(TestsDll);
        Assembly resolved = context.LoadFromAssemblyName(new AssemblyName(name));
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(resolved));
    }

    [Fact]
    public void TheLoopAssemblyItself_LoadsInItsOwnContext()
    {
        var context = new PluginLoadContext(TestsDll);
        Assembly loop = context.LoadFromAssemblyPath(TestsDll);
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(loop));
    }
}
