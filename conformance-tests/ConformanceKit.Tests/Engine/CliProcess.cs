using System.Diagnostics;

namespace ConformanceKit.Tests.Engine;

/// <summary>Runs the built conformancekit tool as a separate process, as a user would.</summary>
internal static class CliProcess
{
    public static string RepoRoot { get; } = FindRoot();

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        string dll = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(RepoRoot, "harness", "ConformanceKit.Cli", "bin", c, "net10.0", "conformancekit.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault() ?? throw new InvalidOperationException("conformancekit.dll is not built: build ConformanceKit.sln first");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CI"] = "true";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("conformancekit did not exit within 120 s");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ConformanceKit.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("ConformanceKit.sln not found above the test folder");
    }
}
