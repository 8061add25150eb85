using System.Collections.Immutable;
using System.Diagnostics;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Bridge;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;

namespace ConformanceKit.Harness.Native.Perl;

/// <summary>The native case of a Perl loop: Debian's real Sys::Virt drives it. The adapter side
/// (<c>Bridge/perl/ck_sysvirt.pl</c>) registers the loop with <c>Sys::Virt::Event::register</c>
/// and runs the C# native case's session on <c>test:///default</c> (a lifecycle callback, suspend,
/// resume, destroy, start, deregister, close); what crossed is written in the fake core's trace
/// vocabulary (<see cref="SysVirtSessionLog"/>) and judged by every rule.</summary>
/// <remarks>Sys::Virt tells libvirt 0 whatever remove returned, so the trace is analysed as for
/// the Perl bridge (<see cref="FakeLibvirt.Core.IRemoveResultPolicy"/>). The session runs in a
/// perl process of its own (libvirt takes one loop per process), which this case kills when it
/// outlives its bound.</remarks>
public sealed class PerlSysVirtCase : NativeCase
{
    // Sessions running now: killed if this process exits first (a hung loop spins in perl, which
    // never gets to read its lifeline).
    private static readonly HashSet<Process> Running = [];

    static PerlSysVirtCase() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
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

    public override string Id => "TIMER-5/real-sys-virt-drives-perl-loop";

    public override string RuleId => "TIMER-5";

    public override string Drives => NativeDrives.Perl;

    public override string Description => "Debian's real Sys::Virt (test:///default) drives the Perl loop: a lifecycle callback, suspend, resume, destroy, start, deregister";

    public override string Expectation => "every lifecycle event arrives and every rule holds on libvirt's trace";

    public override TimeSpan SessionBound(TimeSpan deadline) => deadline * (Libvirt.DomainOps.All.Count + 2);

    public override (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline)
    {
        var (lines, problem) = Session(spec[PerlLoops.Prefix.Length..], deadline);
        SysVirtSessionLog log;
        try
        {
            log = SysVirtSessionLog.Read(lines);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // The session's own output broke: the adapter's fault, never a rule's.
            throw new InvalidOperationException($"ck_sysvirt.pl wrote what is not a session: {e.Message}");
        }

        var trace = log.Events;
        int end = trace.IsEmpty ? 0 : trace[^1].Seq;
        string? failure = problem is null ? log.Failure : $"{log.Failure ?? "the session did not finish"}: {problem}";
        var arrived = new RealLibvirtObserved(end, 0, log.EventsExpected == 0 ? Libvirt.DomainOps.All.Count : log.EventsExpected, log.EventsArrived, failure);
        return ([.. TraceAnalyzer.Analyze(trace, removeResultDiscarded: true), arrived], trace);
    }

    /// <summary>Runs ck_sysvirt.pl; its stdout lines, and what went wrong with the process (it died,
    /// or outlived the session's bound and was killed), with its stderr's last lines.</summary>
    private (List<string> Lines, string? Problem) Session(string loopArg, TimeSpan deadline)
    {
        var psi = new ProcessStartInfo(PerlLoops.Interpreter)
        {
            RedirectStandardInput = true, // the lifeline: it stops when this process is gone
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(PerlLoops.SysVirtScript);
        psi.ArgumentList.Add(loopArg);
        psi.ArgumentList.Add(((long)deadline.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {PerlLoops.Interpreter}");
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
            problem = $"ck_sysvirt.pl exited with status {p.ExitCode}";
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
