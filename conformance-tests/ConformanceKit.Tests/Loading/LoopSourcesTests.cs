using ConformanceKit.Harness.Loading;
using ConformanceKit.Tests.Cli;

namespace ConformanceKit.Tests.Loading;

/// <summary>One registry of loop kinds (issue 10): help, errors and loading all come from it, so
/// none of them forgets a kind.</summary>
public sealed class LoopSourcesTests
{
    [Theory]
    [InlineData("reference")]
    [InlineData("mutant:ff-inside-remove")]
    [InlineData("libvirt:default")]
    [InlineData("libvirt-glib")]
    [InlineData("assembly:/x/loop.dll:T")]
    [InlineData("python:libvirtaio")]
    [InlineData("python:loop.py:Loop")]
    public void EverySpecTheReadmeNames_IsClaimedByExactlyOneSource(string spec) =>
        Assert.Single(LoopSources.All, s => s.Claims(spec));

    [Fact]
    public void CertifyHelp_AndTheUnknownLoopError_NameEveryKind()
    {
        var help = Tool.Run("certify", "--help");
        var unknown = Tool.Run("certify", "--loop", "fancy");
        foreach (var s in LoopSources.All)
        {
            foreach (string syntax in s.Syntax.Split(", "))
            {
                Assert.Contains(syntax, help.Out, StringComparison.Ordinal);
                Assert.Contains(syntax, unknown.Err, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Absolute_MakesPathsAbsolute_AndLeavesOtherSpecsAlone()
    {
        Assert.Equal("reference", LoopLoader.Absolute("reference"));
        Assert.Equal("mutant:ids-from-zero", LoopLoader.Absolute("mutant:ids-from-zero"));
        Assert.Equal($"assembly:{Path.GetFullPath("x/loop.dll")}:T", LoopLoader.Absolute("assembly:x/loop.dll:T"));
        Assert.Equal($"python:{Path.GetFullPath("x/loop.py")}:Loop", LoopLoader.Absolute("python:x/loop.py:Loop"));
        Assert.Equal("python:libvirtaio", LoopLoader.Absolute("python:libvirtaio"));
    }
}
