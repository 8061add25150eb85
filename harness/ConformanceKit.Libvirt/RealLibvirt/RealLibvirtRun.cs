using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.Libvirt;

/// <summary>How <see cref="RealLibvirtClient.Run"/> drives the loop.</summary>
/// <param name="Ops">The domain operations, in order; each waits for its event.</param>
/// <param name="LoopOnOwnThread">False: the calling thread runs <c>RunOnce</c> between libvirt
/// calls (deterministic order). True: a dedicated thread runs <c>RunOnce</c> all along while the
/// calling thread makes the libvirt calls (libvirt then calls the loop from two threads).</param>
/// <param name="IterationWait">The maxWait passed to each <c>RunOnce</c>.</param>
/// <param name="Deadline">How long to wait for each event, and for the ff at the end.</param>
public sealed record RealLibvirtOptions(IReadOnlyList<DomainOp> Ops, bool LoopOnOwnThread, TimeSpan IterationWait, TimeSpan Deadline)
{
    /// <summary>Suspend, resume, destroy, start; loop on the calling thread; 20 ms iterations;
    /// 5 s per wait.</summary>
    public static RealLibvirtOptions Default { get; } =
        new(DomainOps.All, false, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5));

    /// <summary>Null: <c>test:///default</c> in this process. Otherwise a remote session with a
    /// <see cref="PrivateDaemon"/> started for it and stopped after it.</summary>
    public RemoteSession? Remote { get; init; }
}

/// <summary>What happened when real libvirt used a loop.</summary>
/// <param name="Loop">The loop's type name.</param>
/// <param name="LibvirtVersion">libvirt's version, e.g. "9.0.0".</param>
/// <param name="Options">How it was driven.</param>
/// <param name="Calls">Every call libvirt made into the loop and every callback / ff the loop made
/// into libvirt, in order: derived from <see cref="Trace"/>, the session's one record
/// (<see cref="NativeCrossings"/>).</param>
/// <param name="Events">The lifecycle events delivered, in order.</param>
/// <param name="Api">The libvirt API calls the client made, in order. Sequence numbers are the
/// trace's: an API call's is its step's, a loop call's its event's, a lifecycle event's the next
/// event's, so a loop call sits after the API call that caused it.</param>
/// <param name="EventTimerId">The id of libvirt's event-queue timer (its first add_timeout with an
/// ff), or 0.</param>
/// <param name="EventTimerFfRan">Whether the loop called that timer's ff.</param>
/// <param name="Failure">Null on success; otherwise the first thing that went wrong.</param>
/// <param name="ElapsedMs">Wall-clock time of the run.</param>
public sealed record RealLibvirtRun(
    string Loop,
    string? LibvirtVersion,
    RealLibvirtOptions Options,
    IReadOnlyList<LoopCall> Calls,
    IReadOnlyList<LifecycleEvent> Events,
    IReadOnlyList<ApiCall> Api,
    int EventTimerId,
    bool EventTimerFfRan,
    string? Failure,
    long ElapsedMs)
{
    /// <summary>The same session in the fake core's trace vocabulary (steps are libvirt API calls,
    /// iterations are <c>RunOnce</c> calls), for the model and the rules to judge; see
    /// <see cref="NativeTrace"/>. Left out of JSON: <see cref="Story"/> tells it.</summary>
    [JsonIgnore]
    public ImmutableArray<TraceEvent> Trace { get; init; } = [];

    /// <summary>For each domain operation whose event arrived: milliseconds from just before the
    /// libvirt call that queued the event to the event's delivery (measured by polling every
    /// millisecond or so when the loop runs on its own thread).</summary>
    public IReadOnlyList<double> EventLatenciesMs { get; init; } = [];

    /// <summary>Every registration libvirt removed had its ff within the deadline after the
    /// session's last call (without anything else waking the loop).</summary>
    public bool FreedInTime { get; init; }

    /// <summary>Every removed registration had its ff by the end, after the client woke the loop
    /// with a frequency-0 timer of its own to stop it (true with <see cref="FreedInTime"/>; true
    /// alone for a loop that ran the ff only once something unrelated woke it).</summary>
    public bool FreedAtEnd { get; init; }

    /// <summary>With the loop on its own thread: whether that thread returned from RunOnce and
    /// stopped after the client woke it; null when the loop ran on the calling thread.</summary>
    public bool? LoopThreadStopped { get; init; }

    /// <summary>Why the session could not run at all (the private daemon did not start), in one
    /// line; null when it ran. A session that did not run is no evidence about the loop.</summary>
    public string? NotRunReason { get; init; }

    /// <summary>Whether the loop's handle callbacks followed the masks libvirt set.</summary>
    public MaskCheck Masks { get; init; } = new(0, 0, null);

    /// <summary>What a remote session saw of the connection; null for <c>test:///default</c>.</summary>
    public RemoteRun? Remote { get; init; }

    /// <summary>A session that did not run, and why.</summary>
    internal static RealLibvirtRun NotRun(EventImpl loop, RealLibvirtOptions options, string reason) =>
        new(loop.GetType().FullName ?? loop.GetType().Name, Interop.VirtVersion.Library(), options, [], [], [], 0, false, reason, 0) { NotRunReason = reason };

    /// <summary>The calls libvirt made (the six functions only), as <see cref="CallSequence"/> writes them.</summary>
    public IReadOnlyList<string> LibvirtCalls => CallSequence.FromRecorded(Calls);

    /// <summary>Everything in order, one line each: API calls, loop calls, callbacks, events.</summary>
    public IReadOnlyList<string> Story() =>
        [.. Api.Select(a => (a.Seq, Rank: 1, Text: $"{a.Function} -> {(a.Result is long r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}"))
            .Concat(Calls.Select(c => (c.Seq, Rank: 1, Text: "  " + c)))
            .Concat(Events.Select(e => (e.Seq, Rank: 0, Text: $"  [libvirt] lifecycle event {e.TypeName} (detail {e.Detail}) for {e.Domain}")))
            .OrderBy(x => x.Seq).ThenBy(x => x.Rank) // an event numbered as the next trace event came before it
            .Select(x => $"{x.Seq,3} {x.Text}")];
}

/// <summary>A libvirt API call the client made.</summary>
/// <param name="Seq">Position in the run.</param>
/// <param name="Function">The function (and its telling argument).</param>
/// <param name="Result">What it returned (for a pointer: 1 when non-null, 0 when null); null if it never returned.</param>
public sealed record ApiCall(int Seq, string Function, long? Result);
