using System.Diagnostics;
using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.Probes;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>The private libvirtd of the remote native cases: its own folder and sockets that only
/// this user can open, no survivor however the harness ends, two at once, and a daemon that cannot
/// start reported as not-run. Each test starts real daemons (about half a second each); without
/// libvirtd they fail, saying what to install.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivateDaemonTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(60);

    private static PrivateDaemon Start()
    {
        LibvirtRequired.Check();
        try
        {
            return PrivateDaemon.Start();
        }
        catch (DaemonUnavailableException e)
        {
            Assert.Fail($"the private libvirtd did not start: {e.Message}");
            throw;
        }
    }

    [Fact]
    public void Its_folder_and_sockets_are_this_users_alone_and_it_loads_no_driver()
    {
        using var daemon = Start();
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(daemon.Folder));
        foreach (string socket in new[] { "libvirt-sock", "libvirt-sock-ro", "libvirt-admin-sock" })
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(daemon.Folder, socket)));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(daemon.Folder, "drivers"))); // LIBVIRT_DRIVER_DIR: no hypervisor driver
        Assert.Contains("auth_unix_rw = \"none\"", File.ReadAllText(daemon.ConfigPath), StringComparison.Ordinal);
        Assert.Equal(daemon.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(daemon.PidFile).Trim());
        Assert.True(File.Exists(daemon.LogPath));
        Assert.StartsWith("test+unix:///default?socket=", daemon.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void This_user_connects_and_another_user_is_refused()
    {
        using var daemon = Start();
        var mine = LibvirtChildProcess.Run(ChildTimeout, "connect", daemon.Uri);
        Assert.True(mine.ExitCode == 0, mine.Stdout + mine.Stderr);
        Assert.Equal("connected", mine.Stdout.Trim());

        var nobody = LibvirtChildProcess.RunAsUser("nobody", ChildTimeout, "connect", daemon.Uri);
        Assert.True(nobody.ExitCode == 1, $"exit {nobody.ExitCode}: {nobody.Stdout}{nobody.Stderr}");
        Assert.StartsWith("refused: ", nobody.Stdout, StringComparison.Ordinal);
        Assert.Contains("Permission denied", nobody.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_stops_it_and_removes_its_folder()
    {
        var daemon = Start();
        int pid = daemon.Pid;
        Assert.True(daemon.IsRunning);
        Assert.Contains(pid, PrivateDaemon.RunningPids());
        daemon.Dispose();
        Assert.False(Alive(pid), $"libvirtd {pid} survived Dispose");
        Assert.False(Directory.Exists(daemon.Folder));
        Assert.DoesNotContain(pid, PrivateDaemon.RunningPids());
    }

    [Fact]
    public void Two_at_once_each_serve_their_own_socket()
    {
        using var one = Start();
        using var two = Start();
        Assert.NotEqual(one.SocketPath, two.SocketPath);
        Assert.All(new[] { one, two }, d =>
        {
            var r = LibvirtChildProcess.Run(ChildTimeout, "connect", d.Uri);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        });
    }

    /// <summary>The lifeline: a harness ended by Ctrl-C (SIGINT), SIGTERM, or SIGKILL (which no
    /// handler sees) takes its daemon and folder with it: the script sees its stdin close.</summary>
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("KILL")]
    public async Task A_harness_ended_by_a_signal_takes_its_daemon_and_folder_with_it(string signal)
    {
        LibvirtRequired.Check();
        using var holder = Process.Start(LibvirtChildProcess.StartInfo(null, "hold-daemon"))!;
        string? line = await holder.StandardOutput.ReadLineAsync().WaitAsync(ChildTimeout);
        int pid = int.Parse(line ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        string folder = FolderOf(pid);
        Assert.True(Alive(pid));

        using (var kill = Process.Start("kill", ["-s", signal, holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await holder.WaitForExitAsync().WaitAsync(ChildTimeout);
        var until = Stopwatch.StartNew();
        while ((Alive(pid) || Directory.Exists(folder)) && until.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.False(Alive(pid), $"libvirtd {pid} survived its harness");
        Assert.False(Directory.Exists(folder), $"{folder} survived its harness");
    }

    /// <summary>A daemon that cannot start makes the remote cases not-run, each with one line that
    /// says why: never a pass, and nothing judged certifies nothing.</summary>
    [Fact]
    public void A_daemon_that_cannot_start_makes_the_remote_cases_not_run_with_a_one_line_reason()
    {
        LibvirtRequired.Check();
        string outDir = Path.Combine(Path.GetTempPath(), $"ck-nodaemon-{Guid.NewGuid():N}");
        try
        {
            var r = CliProcess.RunWith(new Dictionary<string, string> { [PrivateDaemon.BinaryVariable] = "/bin/false" },
                "certify", "--loop", "reference", "--tier", "native", "--native-cases", "remote", "--out", outDir, "--quiet");
            Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Out}{r.Err}");
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
            var report = doc.RootElement;
            Assert.Empty(Reports.ReportSchema.Errors(report.GetRawText()));
            Assert.Equal("NOTHING JUDGED", report.GetProperty("outcome").GetString());
            var cases = report.GetProperty("cases").EnumerateArray().ToList();
            Assert.Equal(3, cases.Count); // the three remote cases
            Assert.All(cases, c =>
            {
                Assert.False(c.GetProperty("passed").GetBoolean());
                string why = c.GetProperty("notRun").GetString()!;
                Assert.StartsWith("the private libvirtd did not start (it exited)", why, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', why);
            });
            Assert.Contains("<skipped message=\"HANDLE-3/real-libvirt-daemon-killed not run: the private libvirtd did not start", File.ReadAllText(Path.Combine(outDir, "junit.xml")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    /// <summary>The daemon's folder, from its command line (-f FOLDER/libvirtd.conf).</summary>
    private static string FolderOf(int pid)
    {
        string[] argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        return Path.GetDirectoryName(argv[Array.IndexOf(argv, "-f") + 1])!;
    }

    private static bool Alive(int pid) => PrivateDaemon.Alive(pid);
}
