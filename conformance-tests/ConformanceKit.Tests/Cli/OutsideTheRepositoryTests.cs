using System.Diagnostics;
using System.Text.Json.Nodes;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Tests.Engine;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary>A user outside the repository (issue 16, item 5): the loop's assembly given by a
/// relative path, reports in a relative folder. The counterexample stores absolute paths, and the
/// replay command it prints works from another folder, as printed.</summary>
public sealed class OutsideTheRepositoryTests : IDisposable
{
    private readonly string _elsewhere = Repo.NewTempDir("elsewhere");

    [Fact]
    public void PrintedReplayCommand_WorksFromAnotherFolder()
    {
        string dll = Path.GetRelativePath(_elsewhere, typeof(DropsErrorLoop).Assembly.Location);
        Assert.False(Path.IsPathRooted(dll));
        var certify = Tool.RunIn(_elsewhere, "certify", "--loop", $"assembly:{dll}:{typeof(DropsErrorLoop).FullName}",
            "--rules", "HANDLE-3", "--runs", "0", "--tier", "deterministic", "--out", "out", "--quiet");
        Assert.True(certify.Exit == 1, $"certify exited {certify.Exit}: {certify.Out}{certify.Err}");

        var cx = JsonNode.Parse(File.ReadAllText(Path.Combine(_elsewhere, "out", "counterexamples", "HANDLE-3.json")))!;
        string loop = (string)cx["loop"]!;
        Assert.StartsWith("assembly:/", loop, StringComparison.Ordinal);
        string replay = cx["story"]!.AsArray().Select(l => (string)l!).Single(l => l.StartsWith("replay:", StringComparison.Ordinal))["replay:".Length..].Trim();
        Assert.DoesNotContain("./conformancekit", replay, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_elsewhere, "out", "counterexamples", "HANDLE-3.json"), replay, StringComparison.Ordinal);

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_elsewhere, "out", "report.json")))!;
        var rule = report["rules"]!.AsArray().Single(r => (string?)r!["id"] == "HANDLE-3")!;
        Assert.Equal(replay, (string?)rule["counterexample"]!["replay"]);

        var (exit, output) = Shell(replay, "/");
        Assert.True(exit == 1, $"`{replay}` in / exited {exit}: {output}");
        Assert.Contains("HANDLE-3 reproduced", output, StringComparison.Ordinal);
    }

    /// <summary>The specification class, inside a test host, names the installed tool.</summary>
    [Fact]
    public void OutsideTheTool_TheCommandIsTheInstalledToolsName() =>
        Assert.Equal("conformancekit", ToolCommand.Detect(_ => null, _elsewhere, "/usr/bin/dotnet", "/x/testhost.dll"));

    [Fact]
    public void TheToolRunAsADll_IsRunTheSameWay() =>
        Assert.Equal("dotnet /opt/ck/conformancekit.dll", ToolCommand.Detect(_ => null, _elsewhere, "/usr/bin/dotnet", "/opt/ck/conformancekit.dll"));

    [Theory]
    [InlineData("/home/u/.dotnet/tools", "conformancekit")]
    [InlineData("/usr/bin", "/home/u/.dotnet/tools/conformancekit")]
    public void AnInstalledTool_IsNamed_WhenOnPath_ElseByItsPath(string path, string expected) =>
        Assert.Equal(expected, ToolCommand.Detect(v => v == "PATH" ? path : null, _elsewhere, "/home/u/.dotnet/tools/conformancekit",
            "/home/u/.dotnet/tools/.store/conformancekit/0.1.0/conformancekit/0.1.0/tools/net10.0/any/conformancekit.dll"));

    [Theory]
    [InlineData("/repo", "./conformancekit")]
    [InlineData("/elsewhere", "/repo/conformancekit")]
    public void TheRepositorysLauncher_IsRelativeOnlyInItsOwnFolder(string cwd, string expected) =>
        Assert.Equal(expected, ToolCommand.Detect(v => v == ToolCommand.LauncherVariable ? "/repo/conformancekit" : null, cwd, "/usr/bin/dotnet", "/repo/bin/conformancekit.dll"));

    [Fact]
    public void APathWithASpace_IsQuoted() =>
        Assert.Equal("dotnet '/my tools/conformancekit.dll'", ToolCommand.Detect(_ => null, _elsewhere, "/usr/bin/dotnet", "/my tools/conformancekit.dll"));

    public void Dispose() => Directory.Delete(_elsewhere, recursive: true);

    private static (int Exit, string Output) Shell(string command, string cwd)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = cwd };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["CI"] = "true";
        var (exit, output, err) = TestProcess.Run(psi, "replay");
        return (exit, output + err);
    }
}
