using System.Diagnostics;

namespace ConformanceKit.Tests.Engine;

/// <summary>Runs the built conformancekit tool as a separate process, as a user would.</summary>
internal static class CliProcess
{
    public static string RepoRoot => Reports.Repo.Root;

    public static (int Exit, string Out, string Err) Run(params string[] args) => Run(null, args);

    /// <summary>Runs the tool; <paramref name="started"/> gets its process id as soon as it runs.</summary>
    public static (int Exit, string Out, string Err) Run(Action<int>? started, params string[] args) => Start(started, new Dictionary<string, string>(), args);

    /// <summary>Runs the tool in <paramref name="folder"/>, as a user in their own project would.</summary>
    public static (int Exit, string Out, string Err) RunIn(string folder, params string[] args) => Start(null, new Dictionary<string, string>(), args, folder);

    /// <summary>Runs the tool in <paramref name="folder"/> with core dumps allowed as far as this
    /// machine lets them (the soft RLIMIT_CORE raised to the hard one, through sh's ulimit).</summary>
    public static (int Exit, string Out, string Err) RunAllowingCoreFiles(string folder, params string[] args) =>
        Start(null, new Dictionary<string, string>(), args, folder, allowCoreFiles: true);

    /// <summary>Runs the tool with <paramref name="env"/> added to its environment.</summary>
    public static (int Exit, string Out, string Err) RunWith(IReadOnlyDictionary<string, string> env, params string[] args) => Start(null, env, args);

    private static (int Exit, string Out, string Err) Start(Action<int>? started, IReadOnlyDictionary<string, string> env, string[] args, string? folder = null, bool allowCoreFiles = false)
    {
        var psi = new ProcessStartInfo(allowCoreFiles ? "sh" : "dotnet") { WorkingDirectory = folder ?? RepoRoot };
        if (allowCoreFiles)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("ulimit -c \"$(ulimit -H -c)\"; exec dotnet \"$@\"");
            psi.ArgumentList.Add("sh");
        }

        psi.ArgumentList.Add(Cli.Tool.Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CI"] = "true";
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        return TestProcess.Run(psi, "conformancekit", started);
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
            foreach (var f in new[] { "junit.xml", "summary.md", "report.html", "badge.svg", "report.tap" })
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
}
