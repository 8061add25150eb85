using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;
using ConformanceKit.Libvirt;

namespace ConformanceKit.Harness.Native.Bridged;

/// <summary>The native case of a bridged loop: the language's real libvirt binding
/// (<see cref="RealBinding"/>: Debian's Sys::Virt for a Perl loop, libvirt-python for a Python
/// loop) drives it. The binding's session script registers the loop with the binding and runs the
/// C# native case's session: on <c>test:///default</c> (a lifecycle callback, suspend, resume,
/// destroy, start, deregister, close), or on a private libvirtd (<see cref="PrivateDaemon"/>) with
/// the remote cases' keepalive and close callback, idling or with the daemon killed after the
/// first event (<see cref="BridgedSession"/>), so that the handle rules are judged on the RPC
/// socket's real traffic. What crossed is written in the
/// fake core's trace vocabulary (<see cref="BridgedSessionLog"/>) and judged by every rule.</summary>
/// <remarks>Both bindings tell libvirt 0 whatever remove returned, so the trace is analysed as for
/// the Perl bridge (<see cref="FakeLibvirt.Core.IRemoveResultPolicy"/>). The session runs in an
/// interpreter of its own (libvirt takes one loop per process), which this case kills when it
/// outlives its bound; the daemon, when there is one, is stopped when the session ends.</remarks>
internal sealed class BridgedSessionCase(RealBinding binding, BridgedSession session) : NativeCase
{
    private readonly bool remote = session != BridgedSession.Local;

    // Sessions running now: killed if this process exits first (a hung loop spins in its
    // interpreter, which never gets to read its lifeline).
    private static readonly HashSet<Process> Running = [];

    static BridgedSessionCase() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (Running)
        {
            foreach (var p in Running)
            {
                try
                {
                    p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }
        }
    };

    /// <summary>The binding's cases: in-process, remote, the daemon killed.</summary>
    public static IEnumerable<NativeCase> For(RealBinding binding) =>
        Enum.GetValues<BridgedSession>().Select(s => new BridgedSessionCase(binding, s));

    private RemoteSession Remote => session == BridgedSession.DaemonKilled ? RemoteSession.DaemonKilled : RemoteSession.Idling;

    public override string Id => session switch
    {
        BridgedSession.Remote => $"HANDLE-1/real-{Stem}-remote-session",
        BridgedSession.DaemonKilled => $"HANDLE-3/real-{Stem}-daemon-killed",
        _ => $"TIMER-5/real-{Stem}-drives-{binding.Language}-loop",
    };

    public override string RuleId => Id[..Id.IndexOf('/', StringComparison.Ordinal)];

    public override string Drives => binding.Drives;

    public override bool NeedsDaemon => remote;

    public override string Description => session == BridgedSession.DaemonKilled
        ? $"Debian's real {binding.Name} talks to a private libvirtd for the {binding.Language} loop, which is killed mid-session (after the first event): the socket hangs up"
        : remote
        ? $"Debian's real {binding.Name} talks to a private libvirtd (test+unix:///default) for the {binding.Language} loop: keepalive every {Remote.KeepAliveIntervalS} s, a close callback, lookups, suspend, resume, destroy, start, {Remote.Idle.TotalSeconds:0.#} s idle, close"
        : $"Debian's real {binding.Name} (test:///default) drives the {binding.Language} loop: a lifecycle callback, suspend, resume, destroy, start, deregister";

    public override string Expectation => session == BridgedSession.DaemonKilled
        ? "the loop reports Readable|Hangup, libvirt's close callback comes, and libvirt's next call fails"
        : remote
        ? "every lifecycle event arrives, the connection survives the idle keepalive intervals, and every rule holds on libvirt's trace"
        : "every lifecycle event arrives and every rule holds on libvirt's trace";

    /// <summary>The binding's name as ids spell it: sys-virt, libvirt-python.</summary>
    private string Stem => binding.Name.Replace("::", "-", StringComparison.Ordinal).ToLowerInvariant();

    public override TimeSpan SessionBound(TimeSpan deadline) =>
        remote ? RemoteSessionFacts.Bound(deadline, Remote) : deadline * (DomainOps.All.Count + 2);

    public override (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline)
    {
        PrivateDaemon? daemon = null;
        if (remote)
        {
            try
            {
                daemon = PrivateDaemon.Start();
            }
            catch (DaemonUnavailableException e)
            {
                return ([new NativeCaseNotRun(0, 0, e.Message)], []);
            }
        }

        List<string> lines;
        string? problem;
        using (daemon)
        {
            (lines, problem) = Session(spec[binding.Prefix.Length..], deadline, daemon);
        }

        BridgedSessionLog log;
        try
        {
            log = BridgedSessionLog.Read(lines);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // The session's own output broke: the adapter's fault, never a rule's.
            throw new InvalidOperationException($"{Path.GetFileName(binding.ScriptName)} wrote what is not a session: {e.Message}");
        }

        var trace = log.Events;
        int end = trace.IsEmpty ? 0 : trace[^1].Seq;
        string? failure = problem is null ? log.Failure : $"{log.Failure ?? "the session did not finish"}: {problem}";
        int expected = log.EventsExpected == 0 ? DomainOps.All.Count : log.EventsExpected;
        // Both bindings tell libvirt 0 whatever remove returned.
        var facts = RemoteSessionFacts.Judged(trace, expected, log.EventsArrived, failure, RuleId, removeResultDiscarded: true);

        if (log.Gone is { } g)
        {
            // The step is one iteration with no wait over the bridge, so whether the loop would
            // block once nothing is left to watch cannot be seen here: no quiet-window figures.
            var (calls, reported, first) = DaemonGoneObserved.Hangups(log.AfterKill);
            facts.Add(new DaemonGoneObserved(end, 0, g.Closed, g.ClosedAfterMs, g.IterationsUntilClosed, null, null, 0, g.NextCallFailed, failure, calls, reported, first));
        }

        return ([.. facts], trace);
    }

    /// <summary>Runs the session script; its stdout lines, and what went wrong with the process (it
    /// died, or outlived the session's bound and was killed), with its stderr's last lines.</summary>
    private (List<string> Lines, string? Problem) Session(string loopArg, TimeSpan deadline, PrivateDaemon? daemon)
    {
        var psi = new ProcessStartInfo(binding.Interpreter)
        {
            RedirectStandardInput = true, // the lifeline: it stops when this process is gone
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        foreach (string a in (string[])[binding.Script, loopArg, Ms(deadline)])
        {
            psi.ArgumentList.Add(a);
        }

        if (daemon is not null)
        {
            string[] mode = session == BridgedSession.DaemonKilled ? ["--killed", daemon.Uri, $"{daemon.Pid}"] : ["--remote", daemon.Uri, Ms(Remote.Idle)];
            foreach (string a in (string[])[.. mode, $"{Remote.KeepAliveIntervalS}", $"{Remote.KeepAliveCount}"])
            {
                psi.ArgumentList.Add(a);
            }
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {binding.Interpreter}");
        lock (Running)
        {
            Running.Add(p);
        }

        try
        {
            return Wait(p, deadline);
        }
        finally
        {
            lock (Running)
            {
                Running.Remove(p);
            }
        }
    }

    private (List<string> Lines, string? Problem) Wait(Process p, TimeSpan deadline)
    {
        var lines = new List<string>();
        var stderr = new Queue<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is { } l) { lock (lines) { lines.Add(l); } } };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } l)
            {
                lock (stderr)
                {
                    stderr.Enqueue(l);
                    if (stderr.Count > 6)
                    {
                        stderr.Dequeue();
                    }
                }
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        string? problem = null;
        if (!p.WaitForExit(SessionBound(deadline)))
        {
            p.Kill(entireProcessTree: true);
            problem = $"killed after {SessionBound(deadline).TotalSeconds:F0} s";
        }

        p.WaitForExit(); // the output is read to its end
        if (problem is null && p.ExitCode != 0)
        {
            problem = $"{Path.GetFileName(binding.ScriptName)} exited with status {p.ExitCode}";
        }

        if (problem is not null)
        {
            lock (stderr)
            {
                problem += stderr.Count == 0 ? "; its stderr: (empty)" : $"; its stderr: {string.Join(" | ", stderr)}";
            }
        }

        lock (lines)
        {
            return ([.. lines], problem);
        }
    }
}

/// <summary>Where a bridged loop's native session runs: libvirt's in-process test driver, or a
/// private libvirtd, idling or killed after the first event.</summary>
internal enum BridgedSession
{
    Local,
    Remote,
    DaemonKilled,
}
