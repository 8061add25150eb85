using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using ConformanceKit.Libvirt.Probes.SelfCheck;

namespace ConformanceKit.Libvirt.Probes;

/// <summary>Runs this assembly's entry point (<see cref="ChildMain"/>) in a child process: libvirt
/// accepts one event-loop implementation per process, so every native case gets a process of
/// its own.</summary>
public static class LibvirtChildProcess
{
    /// <summary>The output of one child.</summary>
    /// <param name="ExitCode">0 success, 1 the case failed, 2 bad arguments or libvirt missing.</param>
    /// <param name="Stdout">The JSON report.</param>
    /// <param name="Stderr">Anything the child or libvirt printed.</param>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Starts <c>dotnet exec ConformanceKit.Libvirt.Probes.dll ARGS</c> from the directory this
    /// assembly was loaded from, and waits for it.</summary>
    /// <exception cref="TimeoutException">The child did not exit within <paramref name="timeout"/> (it is killed).</exception>
    public static Result Run(TimeSpan timeout, params string[] args) => Run(null, timeout, args);

    /// <summary><see cref="Run(TimeSpan, string[])"/> as another user (through <c>setpriv</c>, so
    /// this process must be root): the tests check that a private libvirtd refuses them.</summary>
    public static Result RunAsUser(string user, TimeSpan timeout, params string[] args) => Run(user, timeout, args);

    private static Result Run(string? user, TimeSpan timeout, string[] args)
    {
        var psi = StartInfo(user, args);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"child '{string.Join(' ', args)}' did not exit within {timeout.TotalSeconds:F0} s; stderr: {stderr.Result}");
        }

        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    private static readonly Lazy<string> OtherUsersTemp = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("conformancekit-other-user-").FullName;
        if (!OperatingSystem.IsWindows()) // setpriv, and so another user, is Linux only
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0x3FF); // 01777, as /tmp itself
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // a child still writing: the folder stays in the temporary folder
            }
        };
        return dir;
    });

    /// <summary>How to start <c>dotnet exec ConformanceKit.Libvirt.Probes.dll ARGS</c> (as
    /// <paramref name="user"/> through setpriv, when given), with stdout and stderr redirected:
    /// for a test that must hold the child's process itself.</summary>
    public static ProcessStartInfo StartInfo(string? user, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string dll = ProbesDll();
        string dir = Path.GetDirectoryName(dll)!;
        var psi = new ProcessStartInfo(user is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        if (user is not null)
        {
            foreach (string a in (string[])["--reuid", user, "--regid", "nogroup", "--clear-groups", "dotnet"])
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["HOME"] = Path.GetTempPath(); // the other user's own home may not exist
            // A temporary folder the other user may write, should the child ever run from a
            // folder a coverage collector instrumented (ProbesDll falls back to one): the
            // tracker writes its hits to the temporary folder at exit, where this user's files
            // of the same name refuse it.
            psi.Environment["TMPDIR"] = OtherUsersTemp.Value;
        }

        psi.ArgumentList.Add("exec");
        string ownConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (!File.Exists(ownConfig))
        {
            // Copied beside another program (a test host, the CLI): borrow that program's runtime
            // configuration; every dependency sits in the same directory.
            string? host = Directory.GetFiles(dir, "*.runtimeconfig.json").FirstOrDefault();
            if (host is not null)
            {
                psi.ArgumentList.Add("--runtimeconfig");
                psi.ArgumentList.Add(host);
            }
        }

        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    /// <summary>This assembly in its own project's build output, when that is there; else where it
    /// was loaded from.</summary>
    /// <remarks>Beside a test host under run-tests.sh's coverage, the product assemblies are the
    /// instrumented ones, and every child that loads them writes its hits to the test host's
    /// hits file at exit. Children ending while the host read that file corrupted it: the host's
    /// coverage report was lost and a child died with exit 134 (CI, 2026-12-02). A child runs
    /// plain assemblies, so coverage counts what the test host itself ran.</remarks>
    private static string ProbesDll()
    {
        var self = typeof(LibvirtChildProcess).Assembly;
        string? own = self.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProbesOutput")?.Value;
        string ownDll = own is null ? string.Empty : Path.Combine(own, Path.GetFileName(self.Location));
        return File.Exists(ownDll) ? ownDll : self.Location;
    }

    /// <summary>Runs the self-check of <c>default</c> or <c>glib</c> in a child.</summary>
    /// <exception cref="InvalidOperationException">The child could not produce a report (the
    /// message carries its exit code and stderr).</exception>
    public static SelfCheckReport SelfCheck(string which) =>
        Parse<SelfCheckReport>(Run(TimeSpan.FromSeconds(60), "selftest", which));

    /// <summary>Runs the adapters' own checks (<see cref="AdapterCheck"/>) in a child.</summary>
    /// <exception cref="InvalidOperationException">The child could not produce a report.</exception>
    public static SelfCheckReport AdapterCheck() =>
        Parse<SelfCheckReport>(Run(TimeSpan.FromSeconds(60), "adapter"));

    /// <summary>Runs <see cref="RealLibvirtClient"/> with the reference loop in a child; with
    /// <paramref name="remote"/> (<see cref="RemoteSession.Idling"/>, <see cref="RemoteSession.DaemonKilled"/>,
    /// or <see cref="RemoteSession.FromAnotherThread"/>, which also puts the loop on a thread of its
    /// own), over a remote connection to a private libvirtd.</summary>
    /// <exception cref="InvalidOperationException">The child could not produce a report.</exception>
    public static RealLibvirtRun DriveReference(IEnumerable<DomainOp>? ops = null, bool loopOnOwnThread = false, RemoteSession? remote = null)
    {
        var args = new List<string> { "drive", "reference" };
        if (loopOnOwnThread)
        {
            args.Add("--loop-thread");
        }

        if (remote is not null)
        {
            args.Add(remote == RemoteSession.DaemonKilled ? "--remote-killed" : remote == RemoteSession.Idling ? "--remote"
                : remote == RemoteSession.FromAnotherThread ? "--remote-threaded"
                : throw new ArgumentException("the child runs the remote sessions RemoteSession.Idling, DaemonKilled and FromAnotherThread", nameof(remote)));
        }

        if (ops is not null)
        {
            args.Add("--ops");
            args.Add(string.Join(',', ops).ToLowerInvariant());
        }

        return Parse<RealLibvirtRun>(Run(TimeSpan.FromSeconds(60), [.. args]));
    }

    private static T Parse<T>(Result r)
    {
        if (r.ExitCode is 0 or 1)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(r.Stdout, ChildMain.Json)
                    ?? throw new InvalidOperationException("the child printed null");
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"the child's report is not valid JSON ({e.Message}); exit {r.ExitCode}; stderr: {r.Stderr.Trim()}", e);
            }
        }

        throw new InvalidOperationException($"the child exited with {r.ExitCode}: {r.Stderr.Trim()}");
    }
}
