using System.Collections.Concurrent;
using System.Diagnostics;
using ConformanceKit.Harness.Loading;

#pragma warning disable RS0030 // wall clock allowed in this file: the adapter's start and stop are bounded in real time (an interpreter is a real process)

namespace ConformanceKit.Harness.Bridge;

/// <summary>One adapter process per loop spec in this harness process: it imports the loop once,
/// listens on a Unix socket in a folder only this user can enter (mode 0700), and forks a fresh
/// child per connection (docs/bridge-protocol.md).</summary>
/// <remarks>The adapter's stdin is a lifeline: it sees end of file when this process is gone, even
/// killed, and then kills its children and exits; the children die with it (PR_SET_PDEATHSIG). On
/// a normal exit this process kills it too, so no adapter outlives the run.</remarks>
public sealed class BridgeAdapter
{
    private static readonly ConcurrentDictionary<string, Lazy<BridgeAdapter>> Running = new();
    private readonly Process _process;

    static BridgeAdapter() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    private BridgeAdapter(string kind, string interpreter, string script, string loopArg)
    {
        Folder = Directory.CreateTempSubdirectory("conformancekit-bridge-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // Only this user may reach the socket (CreateTempSubdirectory makes 0700 already; say it).
            File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        SocketPath = Path.Combine(Folder, "bridge.sock");
        var psi = new ProcessStartInfo(interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(SocketPath);
        psi.ArgumentList.Add(loopArg);
        _process = Process.Start(psi) ?? throw new BadInputException($"cannot start {interpreter}");
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginErrorReadLine();
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result is not { } line || !line.StartsWith("READY ", StringComparison.Ordinal))
        {
            string? said = ready.IsCompletedSuccessfully ? ready.Result : null;
            Stop();
            throw new BadInputException(said is not null && said.StartsWith("ERROR ", StringComparison.Ordinal)
                ? $"{kind}{loopArg}: {said["ERROR ".Length..]}"
                : $"{kind}{loopArg}: the adapter did not start: {Tail()}");
        }

        Pid = _process.Id;
        FdsOnSideChannel = line.Split(' ').Contains("fds=side");
    }

    /// <summary>The adapter takes fds on a side channel ("READY PID fds=side"): a socketpair end
    /// passed first on each connection, then each add_handle's fd on it, ahead of its line
    /// (docs/bridge-protocol.md, "Framing"). Perl's IO::FDPass reads one byte per fd and cannot
    /// take an fd attached to a line.</summary>
    public bool FdsOnSideChannel { get; }

    /// <summary>The folder holding the socket and each child's stderr file.</summary>
    public string Folder { get; }

    public string SocketPath { get; }

    /// <summary>The adapter's own process (its children are the loops).</summary>
    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The running adapter for a loop, started on first use.</summary>
    /// <param name="kind">The loop kind's prefix ("python:"), for errors.</param>
    public static BridgeAdapter For(string kind, string interpreter, string script, string loopArg)
    {
        string key = $"{interpreter}\0{script}\0{loopArg}";
        var lazy = Running.GetOrAdd(key, _ => new Lazy<BridgeAdapter>(() => new BridgeAdapter(kind, interpreter, script, loopArg)));
        BridgeAdapter a;
        try
        {
            a = lazy.Value;
        }
        catch (BadInputException)
        {
            Running.TryRemove(new(key, lazy)); // the next attempt tries again
            throw;
        }

        if (a.HasExited)
        {
            // It died (killed from outside): start another.
            Running.TryRemove(new(key, lazy));
            return For(kind, interpreter, script, loopArg);
        }

        return a;
    }

    /// <summary>The pids of the adapters running now (a test checks that none outlives the run).</summary>
    public static IReadOnlyList<int> RunningPids() =>
        [.. Running.Values.Where(l => l.IsValueCreated).Select(l => l.Value).Where(a => !a.HasExited).Select(a => a.Pid)];

    /// <summary>Kills every adapter and its children; called at process exit.</summary>
    public static void StopAll()
    {
        foreach (var l in Running.Values.Where(l => l.IsValueCreated))
        {
            l.Value.Stop();
        }

        Running.Clear();
    }

    /// <summary>The last lines a child wrote to its stderr (its own file in <see cref="Folder"/>),
    /// after the first line of a fatal error (Python's faulthandler writes "Fatal Python error:
    /// Segmentation fault" above a stack that can be longer than the tail).</summary>
    public string ChildTail(int pid, int lines = 8)
    {
        string file = Path.Combine(Folder, $"{pid}.stderr");
        try
        {
            var all = File.ReadAllLines(file);
            var fatal = all.SkipLast(lines).Where(l => l.StartsWith("Fatal ", StringComparison.Ordinal)).Take(1);
            return all.Length == 0 ? "(stderr empty)" : string.Join(" | ", fatal.Concat(all.TakeLast(lines)));
        }
        catch (IOException)
        {
            return "(no stderr)";
        }
    }

    /// <summary>How a child that is gone ended ("killed by signal 11 (SIGSEGV)", "exited with status
    /// 4"), as the adapter wrote it on reaping it; waits up to <paramref name="patience"/> for it.</summary>
    public string? ChildExit(int pid, TimeSpan patience)
    {
        string file = Path.Combine(Folder, $"{pid}.exit");
        long until = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            try
            {
                string how = File.ReadAllText(file);
                if (how.Length > 0)
                {
                    return how;
                }
            }
            catch (IOException)
            {
            }

            if (Environment.TickCount64 >= until)
            {
                return null;
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Removes a child's stderr and exit files once its connection ended cleanly.</summary>
    public void Forget(int pid)
    {
        File.Delete(Path.Combine(Folder, $"{pid}.stderr"));
        File.Delete(Path.Combine(Folder, $"{pid}.exit"));
    }

    private readonly Queue<string> _stderr = new();

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line);
            while (_stderr.Count > 8)
            {
                _stderr.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? "(stderr empty)" : string.Join(" | ", _stderr);
        }
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing the lifeline first lets it kill its children; the kill makes sure.
                _process.StandardInput.Close();
                if (!_process.WaitForExit(2000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
