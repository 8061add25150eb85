using System.Collections.Concurrent;
using System.Diagnostics;

namespace ConformanceKit.Libvirt;

/// <summary>A libvirtd of the harness's own, serving <c>test:///default</c> over a Unix socket that
/// only this user can reach: its folder (mode 0700) holds the config, the sockets, the log and the
/// pid file. The remote native cases start one per session and stop it at the session's end.</summary>
/// <remarks>
/// <para>It runs without authentication only because nobody else can reach it: the folder and the
/// sockets are this user's alone (<c>unix_sock_*_perms = "0700"</c>), and no hypervisor driver is
/// loaded (<c>LIBVIRT_DRIVER_DIR</c> names an empty folder, as LIBVIRT-FACTS.md found necessary).
/// Two runs never collide: each daemon has a fresh folder and says where its socket is.</para>
/// <para>Nothing outlives the harness: the daemon is started through <c>private-libvirtd.sh</c>,
/// whose stdin is a pipe this process holds (its end closes however this process ends, SIGKILL
/// included, and the script then stops the daemon), and which runs the daemon under
/// <c>setpriv --pdeathsig TERM</c> should the script itself be killed. <see cref="Dispose"/> and
/// process exit stop it at once.</para>
/// </remarks>
public sealed class PrivateDaemon : IDisposable
{
    /// <summary>Names another libvirtd binary (tests use it to see a daemon that cannot start).</summary>
    public const string BinaryVariable = "CONFORMANCEKIT_LIBVIRTD";

    private const string Script = "private-libvirtd.sh";
    private static readonly ConcurrentDictionary<PrivateDaemon, byte> Running = new();
    private readonly Process _wrapper;
    private int _stopped;

    static PrivateDaemon() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    private PrivateDaemon(string binary, TimeSpan patience)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new DaemonUnavailableException("a private libvirtd needs Linux");
        }

        Folder = Directory.CreateTempSubdirectory("conformancekit-libvirtd-").FullName;
        const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.SetUnixFileMode(Folder, Owner); // CreateTempSubdirectory makes 0700 already; say it
        Directory.CreateDirectory(Path.Combine(Folder, "drivers"), Owner);
        File.WriteAllText(ConfigPath, Config(Folder));
        var psi = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, Script));
        psi.ArgumentList.Add(binary);
        psi.ArgumentList.Add(Folder);
        _wrapper = Process.Start(psi) ?? throw new DaemonUnavailableException("cannot start sh for the private libvirtd");
        Running[this] = 0;
        string? pid = _wrapper.StandardOutput.ReadLine();
        Pid = int.TryParse(pid, out int p) ? p : 0;
        WaitUntilServing(patience);
    }

    /// <summary>The daemon's folder (mode 0700): config, sockets, log, pid file.</summary>
    public string Folder { get; }

    /// <summary>Its libvirtd.conf.</summary>
    public string ConfigPath => Path.Combine(Folder, "libvirtd.conf");

    /// <summary>The read-write socket the client connects to.</summary>
    public string SocketPath => Path.Combine(Folder, "libvirt-sock");

    /// <summary>Where it logs warnings and errors.</summary>
    public string LogPath => Path.Combine(Folder, "libvirtd.log");

    /// <summary>Its pid file (libvirtd -p).</summary>
    public string PidFile => Path.Combine(Folder, "libvirtd.pid");

    /// <summary>The daemon's process id.</summary>
    public int Pid { get; }

    /// <summary>The URI that reaches this daemon's test driver.</summary>
    public string Uri => $"test+unix:///default?socket={SocketPath}";

    /// <summary>Whether the daemon process is still there.</summary>
    public bool IsRunning => Pid > 0 && Alive(Pid);

    /// <summary>Pids of the daemons this process started and has not stopped (a test checks that
    /// none survives).</summary>
    public static IReadOnlyList<int> RunningPids() => [.. Running.Keys.Select(d => d.Pid)];

    /// <summary>Starts a daemon and waits until its socket is there.</summary>
    /// <exception cref="DaemonUnavailableException">It cannot start here; the message is one line.</exception>
    public static PrivateDaemon Start(TimeSpan? patience = null)
    {
        string binary = Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } b ? b : "/usr/sbin/libvirtd";
        if (!File.Exists(binary))
        {
            throw new DaemonUnavailableException($"no libvirtd at {binary} (on Debian 12: apt-get install --no-install-recommends libvirt-daemon)");
        }

        return new PrivateDaemon(binary, patience ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills the daemon with SIGKILL, as a crash would: its clients' sockets see the hangup.</summary>
    public void Kill()
    {
        if (IsRunning)
        {
            using var p = Process.GetProcessById(Pid);
            p.Kill();
            p.WaitForExit(5000);
        }
    }

    /// <summary>Stops the daemon (closing the lifeline makes the script send SIGTERM and wait for
    /// it), kills whatever is left after 5 s, and removes the folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            _wrapper.StandardInput.Close();
            if (!_wrapper.WaitForExit(5000))
            {
                Kill();
                _wrapper.Kill(entireProcessTree: true);
                _wrapper.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // the wrapper is gone already
        }

        _wrapper.Dispose();
        Running.TryRemove(this, out _);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temp folder is the system's to clean
        }
    }

    /// <summary>Stops every daemon this process started; runs at process exit.</summary>
    public static void StopAll()
    {
        foreach (var d in Running.Keys)
        {
            d.Dispose();
        }
    }

    private void WaitUntilServing(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(SocketPath))
        {
            if (_wrapper.HasExited || (Pid > 0 && !Alive(Pid)) || clock.Elapsed > patience)
            {
                string why = clock.Elapsed > patience ? $"no socket after {patience.TotalSeconds:0} s" : "it exited";
                string said = LastLine(LogPath) ?? LastLine(Path.Combine(Folder, "libvirtd.out")) ?? "nothing in its log";
                Dispose();
                throw new DaemonUnavailableException($"the private libvirtd did not start ({why}): {said}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Whether process <paramref name="pid"/> is there and not a zombie.</summary>
    public static bool Alive(int pid)
    {
        // A zombie (killed, not yet reaped by the script) has a /proc entry but state Z.
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not 'Z' and not 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? LastLine(string file) =>
        File.Exists(file) ? File.ReadLines(file).LastOrDefault(l => l.Length > 0) : null;

    /// <summary>Sockets, log and pid in the folder; no authentication on the sockets, which only
    /// this user may open; the log gets warnings and errors.</summary>
    private static string Config(string folder) => $"""
        unix_sock_dir = "{folder}"
        unix_sock_rw_perms = "0700"
        unix_sock_ro_perms = "0700"
        unix_sock_admin_perms = "0700"
        auth_unix_rw = "none"
        auth_unix_ro = "none"
        log_outputs = "3:file:{folder}/libvirtd.log"

        """;
}

/// <summary>The private libvirtd cannot start here; the message says why in one line.</summary>
public sealed class DaemonUnavailableException(string message) : Exception(message);
