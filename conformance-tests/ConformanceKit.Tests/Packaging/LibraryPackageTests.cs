using System.Diagnostics;
using System.IO.Compression;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Packaging;

/// <summary>The two library packages a loop author references, as <c>dotnet pack</c> makes them
/// (issue 16, item 9): each carries a readme (pack warned that both lacked one), and the
/// specification package ships libraries only (it carried a stray runtimeconfig.json).</summary>
/// <remarks>Packs the already built projects (<c>--no-build</c>) into a scratch folder: a few
/// seconds, no build.</remarks>
public sealed class LibraryPackageTests
{
    [Theory]
    [InlineData("fake-libvirt/ConformanceKit.Contract", "ConformanceKit.Contract")]
    [InlineData("conformance-tests/ConformanceKit.Specification", "ConformanceKit.Specification")]
    public void Package_HasAReadme_AndNoRuntimeConfig(string project, string id)
    {
        string outDir = Repo.NewTempDir("pack");
        try
        {
            string log = Pack(project, outDir);
            Assert.DoesNotContain("missing a readme", log, StringComparison.Ordinal);
            using var zip = ZipFile.OpenRead(Directory.GetFiles(outDir, id + ".*.nupkg").Single());
            var names = zip.Entries.Select(e => e.FullName).ToList();
            var readme = zip.GetEntry("README.md");
            Assert.True(readme is not null, "no README.md in " + string.Join(", ", names));
            using (var r = new StreamReader(readme.Open()))
            {
                Assert.Contains(id, r.ReadToEnd(), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(names, n => n.EndsWith(".runtimeconfig.json", StringComparison.Ordinal) || n.EndsWith(".deps.json", StringComparison.Ordinal));
            Assert.Contains(names, n => n == $"lib/net10.0/{id}.dll");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static string Pack(string project, string outDir)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root };
        foreach (var a in new[] { "pack", project, "-c", "Release", "--no-build", "-nologo", "-v", "n", "-o", outDir })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var (exit, log, err) = Engine.TestProcess.Run(psi, "dotnet pack");
        Assert.True(exit == 0, $"dotnet pack {project} exited {exit}: {log}{err}");
        return log + err;
    }
}
