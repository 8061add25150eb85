using System.Diagnostics;

namespace ConformanceKit.Tests.Engine;

/// <summary>Runs the built conformancekit tool as a separate process, as a user would.</summary>
internal static class CliProcess
{
    public static string RepoRoot { get; } = FindRoot();

    public static (int Exit, string Out, string Err) Run(params string[] args) => Run(null, args);

    /// <summary>Runs the tool; <paramref name="started"/> gets its process id as soon as it runs.</summary>
    public static (int Exit, string Out, string Err) Run(Action<int>? started, params string[] args) => Start(started, new Dictionary<string, string>(), args);

    /// <summary>Runs the tool with <paramref name="env"/> added to its environment.</summary>
    public static (int Exit, string Out, string Err) RunWith(IReadOnlyDictionary<string, string> env, params string[] args) => Start(null, env, args);

    private static (int Exit, string Out, string Err) Start(Action<int>? started, IReadOnlyDictionary<string, string> env, string[] args)
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
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        started?.Invoke(p.Id);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("conformancekit did not exit within 120 s");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs certify into a fresh folder, asserts the exit code is one of
    /// <paramref name="exits"/>, and returns report.json (and whether the other outputs exist).</summary>
    public static System.Text.Json.JsonElement CertifyReport(int[] exits, params string[] args) => CertifyReportWatching(null, exits, args);

    /// <summary><see cref="CertifyReport"/>, telling <paramref name="started"/> the tool's process id.</summary>
    public static System.Text.Json.JsonElement CertifyReportWatching(Action<int>? started, int[] exits, params string[] args)
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"ck-report-{Guid.NewGuid():N}");
        try
        {
            var r = Run(started, ["certify", .. args, "--out", outDir, "--quiet"]);
            Assert.True(exits.Contains(r.Exit), $"certify exited {r.Exit}: {r.Err}{r.Out}");
            foreach (var f in new[] { "junit.xml", "summary.md", "report.html", "badge.svg" })
            {
                Assert.True(File.Exists(Path.Combine(outDir, f)), $"{f} missing");
            }

            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
            return doc.RootElement.Clone();
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    /// <summary>The verdict of one rule in a report.json.</summary>
    public static string Verdict(System.Text.Json.JsonElement report, string rule) =>
        report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == rule).GetProperty("verdict").GetString()!;

    /// <summary>The note of one rule in a report.json.</summary>
    public static string Note(System.Text.Json.JsonElement report, string rule) =>
        report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == rule).GetProperty("note").GetString()!;

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
