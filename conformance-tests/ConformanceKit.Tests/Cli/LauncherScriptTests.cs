using System.Diagnostics;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary>The <c>./conformancekit</c> launcher builds the tool when, and only when, a build input
/// is newer than the tool (issue 16, item 4: certify's own reports/out/**/report.json made every
/// later call rebuild), and says so when it builds.</summary>
/// <remarks>Runs a copy of the script in a scratch tree with a stand-in <c>dotnet</c> first on
/// PATH that only records what it was asked to do: no real build, so the test takes milliseconds
/// and never races a build of the working copy.</remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LauncherScriptTests : IDisposable
{
    private static readonly DateTime Built = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Repo.NewTempDir("launcher");

    public LauncherScriptTests()
    {
        File.Copy(Path.Combine(Repo.Root, "conformancekit"), Path.Combine(_root, "conformancekit"));
        string bin = Directory.CreateDirectory(Path.Combine(_root, "fakebin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), "#!/bin/sh\necho \"$1\" >> \"$(dirname \"$0\")/calls\"\n"
            + "if [ \"$1\" = build ]; then mkdir -p \"$(dirname \"$DLL_AT\")\"; : > \"$DLL_AT\"; fi\n"
            + "echo \"$CONFORMANCEKIT_LAUNCHER\" > \"$(dirname \"$0\")/launcher\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Source("harness/ConformanceKit.Cli/Program.cs");
        Source("reports/report.schema.v1.json");
    }

    private string Dll => Path.Combine(_root, "harness/ConformanceKit.Cli/bin/Release/net10.0/conformancekit.dll");

    [Fact]
    public void FirstRun_SaysItIsBuilding_AndBuilds()
    {
        var r = Launch();
        Assert.Equal(["build", Dll], r.Calls);
        Assert.Contains("building the tool", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void AReportCertifyWrote_DoesNotRebuild()
    {
        MarkBuilt();
        Touch("reports/out/reference/report.json", Built.AddMinutes(5));
        Touch("reports/out/reference/counterexamples/FREE-3.json", Built.AddMinutes(5));
        var r = Launch();
        Assert.Equal([Dll], r.Calls);
        Assert.Equal(string.Empty, r.Err);
    }

    [Theory]
    [InlineData("fake-libvirt/ConformanceKit.Contract/EventImpl.cs")]
    [InlineData("harness/ConformanceKit.Harness/ConformanceKit.Harness.csproj")]
    [InlineData("reports/report.schema.v1.json")]
    [InlineData("reports/ConformanceKit.Reports/Html/report.css")]
    [InlineData("Directory.Build.props")]
    public void AChangedBuildInput_Rebuilds(string input)
    {
        MarkBuilt();
        Touch(input, Built.AddMinutes(5));
        var r = Launch();
        Assert.Equal(["build", Dll], r.Calls);
        Assert.Contains("rebuilding", r.Err, StringComparison.Ordinal);
    }

    /// <summary>The tool prints replay commands as the launcher is called from where it runs
    /// (issue 16, item 5): the script tells it its own path.</summary>
    [Fact]
    public void TheToolIsToldWhereTheLauncherIs()
    {
        MarkBuilt();
        Launch();
        Assert.Equal(Path.Combine(_root, "conformancekit"), File.ReadAllText(Path.Combine(_root, "fakebin", "launcher")).Trim());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Source(string rel) => Touch(rel, Built.AddMinutes(-5));

    private void MarkBuilt() => Touch(Dll[(_root.Length + 1)..], Built);

    private void Touch(string rel, DateTime when)
    {
        string path = Path.Combine(_root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Empty);
        File.SetLastWriteTimeUtc(path, when);
    }

    /// <summary>Runs the launcher with <c>rules</c>; returns the first argument of each stand-in
    /// dotnet call (<c>build</c>, or the tool's dll when it runs the tool) and stderr.</summary>
    private (string[] Calls, string Err) Launch()
    {
        var psi = new ProcessStartInfo(Path.Combine(_root, "conformancekit")) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("rules");
        psi.Environment["PATH"] = Path.Combine(_root, "fakebin") + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["DLL_AT"] = Dll;
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(30_000), "the launcher did not exit");
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {err}");
        string calls = Path.Combine(_root, "fakebin", "calls");
        return (File.Exists(calls) ? File.ReadAllLines(calls) : [], err.Trim());
    }
}
