using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;
using ConformanceKit.Libvirt;

#pragma warning disable RS0030 // wall clock allowed in this file: real libvirt keeps real time: the native tier runs on the system clock

namespace ConformanceKit.Harness.Native;

/// <summary>Runs a remote session (real libvirt, a private libvirtd) and turns it into facts: the
/// trace through the analyzer like the in-process case's, whether the lifecycle events arrived,
/// and what the case adds (<paramref name="extra"/>). A session whose daemon did not start is one
/// <see cref="NativeCaseNotRun"/> fact and nothing else.</summary>
internal static class RemoteSessionFacts
{
    public static (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(
        Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline, RemoteSession remote, string ruleId, Func<RealLibvirtRun, int, IEnumerable<Fact>> extra)
    {
        using var loop = createLoop(TimeProvider.System);
        var run = RealLibvirtClient.Run(loop, RealLibvirtOptions.Default with { Deadline = deadline, Remote = remote });
        if (run.NotRunReason is { } why)
        {
            return ([new NativeCaseNotRun(0, 0, why)], []);
        }

        int end = run.Trace.IsEmpty ? 0 : run.Trace[^1].Seq;
        var facts = Judged(run.Trace, remote.KillDaemonAfterOps ?? DomainOps.All.Count, run.Events.Count, run.Failure, ruleId, removeResultDiscarded: false);
        facts.AddRange(extra(run, end));
        return ([.. facts], run.Trace);
    }

    /// <summary>A remote session's trace through the analyzer, whether the lifecycle events
    /// arrived, and, when they all did and the session failed all the same (the connection did not
    /// survive, a call failed), that failure charged to the case's rule <paramref name="ruleId"/>.</summary>
    public static List<Fact> Judged(ImmutableArray<TraceEvent> trace, int expected, int arrived, string? failure, string ruleId, bool removeResultDiscarded)
    {
        int end = trace.IsEmpty ? 0 : trace[^1].Seq;
        var facts = new List<Fact>(TraceAnalyzer.Analyze(trace, removeResultDiscarded)) { new RealLibvirtObserved(end, 0, expected, arrived, failure) };
        if (failure is not null && arrived >= expected)
        {
            facts.Add(new NativeSessionFailed(end, 0, ruleId, failure));
        }

        return facts;
    }

    /// <summary>The longest a remote session may take: the daemon's start, one deadline per
    /// operation, the free callbacks and the close, and the idle time.</summary>
    public static TimeSpan Bound(TimeSpan deadline, RemoteSession remote) =>
        TimeSpan.FromSeconds(10) + (deadline * (DomainOps.All.Count + 3)) + remote.Idle;
}
