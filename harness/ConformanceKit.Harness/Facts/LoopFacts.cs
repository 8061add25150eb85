using System.Collections.Immutable;

namespace ConformanceKit.Harness.Facts;

/// <summary>RunOnce threw.</summary>
/// <param name="Scripted">The exception came from a callback scripted to throw, as it was or in
/// another exception the loop threw in its place (LIFE-2).</param>
/// <param name="NullFfPending">A registration with a null ff was removed within the last two iterations (FREE-8).</param>
/// <param name="Mutated">Callbacks in this iteration had called into the loop (REENTRY-1).</param>
internal sealed record IterationThrew(int Seq, int Iteration, string Exception, bool Scripted, bool NullFfPending, bool Mutated)
    : Fact(Seq, Iteration);

/// <summary>The order in which one iteration called back several registrations (HANDLE-9, TIMER-8).</summary>
internal sealed record DispatchOrder(int Seq, int Iteration, bool Timers, ImmutableArray<int> RegKeys)
    : Fact(Seq, Iteration);

/// <summary>The loop was disposed with <see cref="Live"/> registrations still live (LIFE-1).</summary>
internal sealed record DisposeObserved(int Seq, int Iteration, int Live, int FreesDuringDispose, string? Exception)
    : Fact(Seq, Iteration)
{
    /// <summary>Of <see cref="Live"/>, those given an ff (only they can show LIFE-1's choice).</summary>
    public int LiveWithFf { get; init; }
}

/// <summary>A callback threw by script; what the loop did with the exception and afterwards (LIFE-2).</summary>
/// <param name="Seq">Where the callback threw.</param>
/// <param name="Fate">Where the exception went.</param>
/// <param name="Detail">The exception RunOnce threw in its place, or the call it went out of.</param>
/// <param name="LoopKeptWorking">Some callback ran after the throw.</param>
/// <param name="CalledAgain">The registration whose callback threw was called back again.</param>
internal sealed record ThrowObserved(int Seq, int Iteration, ThrowFate Fate, string? Detail, bool LoopKeptWorking, bool CalledAgain)
    : Fact(Seq, Iteration);

/// <summary>A registration added from a callback was dispatched; same iteration or later (REENTRY-2 INFO part).</summary>
internal sealed record AddedInCallbackDispatched(int Seq, int Iteration, int RegKey, bool SameIteration)
    : Fact(Seq, Iteration);

/// <summary>A watch's fd was closed while registered, and what the loop reported for it afterwards (LIFE-3).</summary>
internal sealed record ClosedFdObserved(int Seq, int Iteration, int RegKey, HandleEvents Reported)
    : Fact(Seq, Iteration);

/// <summary>Real libvirt drove the loop (the native case): how many of the expected lifecycle
/// events arrived, and the first thing that went wrong, if anything.</summary>
internal sealed record RealLibvirtObserved(int Seq, int Iteration, int EventsExpected, int EventsArrived, string? Failure)
    : Fact(Seq, Iteration);

/// <summary>Real libvirt armed its event timer from the application's thread while the loop ran on
/// its own (the native THREAD-2 case): how long each event that arrived took, from the call that
/// queued it; whether the ff of the timer libvirt removed from that thread ran without anything else
/// waking the loop (<paramref name="FreedInTime"/>) or only once the client woke it
/// (<paramref name="FreedAtEnd"/>); whether the loop thread stopped when woken by a frequency-0
/// timer added from another thread.</summary>
internal sealed record RealLibvirtWakeObserved(int Seq, int Iteration, int EventsExpected, ImmutableArray<double> LatenciesMs,
    bool FreedInTime, bool FreedAtEnd, bool Stopped, string? Failure)
    : Fact(Seq, Iteration)
{
    public double MedianMs => LatenciesMs.IsEmpty ? double.PositiveInfinity : LatenciesMs.Order().ElementAt(LatenciesMs.Length / 2);
}

/// <summary>The private libvirtd was killed mid-session (the native remote case): whether libvirt's
/// close callback came (the loop reported the hangup and libvirt read the end of the connection),
/// how many iterations that took, how often <c>RunOnce</c> returned in a quiet window afterwards
/// (nothing of libvirt's was left to watch: a loop that returns at once every time spins), and
/// whether libvirt's next call failed.</summary>
/// <param name="HangupCalls">Handle callbacks after the kill made while the kernel said POLLHUP.</param>
/// <param name="HangupReported">How many of those carried the Hangup bit.</param>
/// <param name="Reported">What the first of those carried.</param>
internal sealed record DaemonGoneObserved(int Seq, int Iteration, bool Closed, double? ClosedAfterMs, int IterationsUntilClosed,
    int? QuietIterations, double? QuietMs, double IterationWaitMs, bool NextCallFailed, string? Failure,
    int HangupCalls, int HangupReported, HandleEvents Reported)
    : Fact(Seq, Iteration)
{
    /// <summary>RunOnce returned far more often than its wait allows: three times as often, and
    /// five more for iterations that had something to do.</summary>
    public bool Spun => QuietIterations is int n && QuietMs is double ms && n > (3 * ms / IterationWaitMs) + 5;

    /// <summary><see cref="HangupCalls"/>, <see cref="HangupReported"/> and <see cref="Reported"/>
    /// from the handle callbacks after the kill (what the loop reported; whether the kernel said
    /// POLLHUP at that moment), for every session that records them.</summary>
    public static (int Calls, int Reported, HandleEvents First) Hangups(IEnumerable<(HandleEvents Events, bool KernelHangup)> afterKill)
    {
        var hup = afterKill.Where(c => c.KernelHangup).ToList();
        return (hup.Count, hup.Count(c => c.Events.HasFlag(HandleEvents.Hangup)), hup.Count == 0 ? HandleEvents.None : hup[0].Events);
    }
}

/// <summary>A native case could not run here (its private daemon did not start): no evidence about
/// the loop; the case is not-run with <paramref name="Reason"/>.</summary>
internal sealed record NativeCaseNotRun(int Seq, int Iteration, string Reason)
    : Fact(Seq, Iteration);

/// <summary>A native session failed after every lifecycle event had arrived (the remote case: the
/// connection did not survive its idle keepalive intervals, or a call failed): charged to the rule
/// the case is aimed at.</summary>
internal sealed record NativeSessionFailed(int Seq, int Iteration, string RuleId, string Failure)
    : Fact(Seq, Iteration);

/// <summary>How the loop's handle callbacks followed the masks real libvirt set from another
/// thread (the native remote case with the loop on its own thread, see <c>MaskCheck</c>).</summary>
/// <param name="Witnesses">Times libvirt gave its socket back after an iteration had begun with the mask at 0.</param>
/// <param name="Breaches">Callbacks with a bit libvirt's last update had dropped, an iteration or more later.</param>
internal sealed record MasksFollowedObserved(int Seq, int Iteration, int Witnesses, int Breaches, string? FirstBreach)
    : Fact(Seq, Iteration);
