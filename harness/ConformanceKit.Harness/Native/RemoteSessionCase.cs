using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Libvirt;

namespace ConformanceKit.Harness.Native;

/// <summary>A native case whose session is real libvirt's remote driver on the loop's thread,
/// talking to a private libvirtd (<see cref="RemoteSessionFacts"/> runs it and turns it into
/// facts); a case says which <see cref="RemoteSession"/> and what facts it adds.</summary>
internal abstract class RemoteSessionCase : NativeCase
{
    /// <summary>The session: idling, or the daemon killed mid-session.</summary>
    protected abstract RemoteSession Session { get; }

    public sealed override bool NeedsDaemon => true;

    public sealed override TimeSpan SessionBound(TimeSpan deadline) => RemoteSessionFacts.Bound(deadline, Session);

    public sealed override (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline) =>
        RemoteSessionFacts.Run(createLoop, deadline, Session, RuleId, Extra);

    /// <summary>What the case adds to the trace's facts, from the run and the trace's last seq.</summary>
    protected virtual IEnumerable<Fact> Extra(RealLibvirtRun run, int end) => [];
}
