using System.Diagnostics;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Cli;

/// <summary>Runs the built conformancekit tool as a separate process, as a user or CI would (CI=true:
/// plain output), optionally interrupting it with a signal (SIGINT as Ctrl-C does, SIGTERM as a CI
/// job's cancel does).</summary>
internal static class Tool
{
    public static string Dll { get; } = new[] { "Release", "Debug" }
        .Select(c => Path.Combine(Repo.Root, "harness", "ConformanceKit.Cli", "bin", c, "net10.0", "conformancekit.dll"))
        .Where(File.Exists)
        .OrderByDescending(File.GetLastWriteTimeUtc)
        .FirstOrDefault() ?? throw new InvalidOperationException("conformancekit.dll is not built: build ConformanceKit.sln first");

    public static (int Exit, string Out, string Err) Run(params string[] args) => RunInterrupted(null, "INT", args);

    /// <summary>Runs the tool from <paramref name="cwd"/> instead of the repository root, as a
    /// user outside the repository does.</summary>
    public static (int Exit, string Out, string Err) RunIn(string cwd, params string[] args) => Start(cwd, null, "INT", args);

    /// <summary>Runs the tool; when <paramref name="interruptAfter"/> is given, sends
    /// <paramref name="signal"/> (INT or TERM) once stdout has a line containing it.</summary>
    /// <remarks>The tool is started through <c>env --default-signal=INT</c>: a test runner started
    /// in the background by a non-interactive shell has SIGINT ignored, a child inherits that, and
    /// .NET then never installs its Ctrl-C handler, so the signal would be lost (seen here: the run
    /// went on to its 200,000th scenario).</remarks>
    public static (int Exit, string Out, string Err) RunInterrupted(string? interruptAfter, string signal, params string[] args) =>
        Start(Repo.Root, interruptAfter, signal, args);

    /// <summary><see cref="RunInterrupted"/> with <paramref name="env"/> added to the tool's environment.</summary>
    public static (int Exit, string Out, string Err) RunInterruptedWith(IReadOnlyDictionary<string, string> env, string? interruptAfter, string signal, params string[] args) =>
        Start(Repo.Root, interruptAfter, signal, args, env);

    private static (int Exit, string Out, string Err) Start(string cwd, string? interruptAfter, string signal, string[] args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CI"] = "true";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = new System.Text.StringBuilder();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            stdout.AppendLine(line);
            if (interruptAfter is not null && line.Contains(interruptAfter, StringComparison.Ordinal))
            {
                Thread.Sleep(300);
                using var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                kill.WaitForExit();
                interruptAfter = null;
            }
        }

        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("conformancekit did not exit within 120 s");
        }

        return (p.ExitCode, stdout.ToString(), stderr.Result);
    }

    /// <summary>Exit 2, one line on stderr naming the problem, no stack trace.</summary>
    public static void AssertBadInput((int Exit, string Out, string Err) r, string mustMention)
    {
        Assert.True(r.Exit == 2, $"exit {r.Exit}, expected 2: {r.Out}{r.Err}");
        string err = r.Err.Trim();
        Assert.DoesNotContain('\n', err);
        Assert.DoesNotContain("   at ", r.Err + r.Out, StringComparison.Ordinal);
        Assert.Contains(mustMention, err, StringComparison.OrdinalIgnoreCase);
    }
}
