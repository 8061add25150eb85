namespace ConformanceKit.Harness.Facts;

/// <summary>Many threads added and removed registrations while the loop ran (THREAD-1).</summary>
/// <param name="Adds">Successful adds.</param>
/// <param name="OverlappingAdds">Adds begun while another thread's add was still in flight: with
/// none, nothing concurrent was tried and a clean result proves nothing.</param>
/// <param name="DuplicateLiveIds">Adds that returned an id another live registration held.</param>
/// <param name="FailedAdds">Adds that returned -1 or threw.</param>
/// <param name="FailedRemoves">Removes of a registration the thread had added that did not return 0.</param>
/// <param name="FfMissing">Removed registrations whose ff never ran (within the deadline).</param>
/// <param name="FfTwice">Registrations whose ff ran more than once.</param>
internal sealed record ChurnObserved(int Seq, int Iteration, int Schedule, int Threads, int Adds, int OverlappingAdds, int DuplicateLiveIds, int FailedAdds, int FailedRemoves, int FfMissing, int FfTwice)
    : Fact(Seq, Iteration);

/// <summary>How long a blocked loop took to act on a change made by another thread (THREAD-2).</summary>
/// <param name="Change">"frequency-0 timer added", "ready watch added" or "registration removed".</param>
/// <param name="LatencyMs">Milliseconds until the callback (or ff) ran; null if it never did within the deadline.</param>
internal sealed record WakeupMeasured(int Seq, int Iteration, int Schedule, string Change, double? LatencyMs)
    : Fact(Seq, Iteration);

/// <summary>Summary of every wake-up of a certification: what THREAD-2 reports.</summary>
public sealed record WakeupSummary(int Seq, int Iteration, int Count, double MedianMs, double MaxMs, int Never, int AboveBound)
    : Fact(Seq, Iteration);

/// <summary>A callback asked another thread to remove a registration due in the same iteration
/// and waited until remove returned (THREAD-3).</summary>
/// <param name="StartedAfterRemove">The removed registration's callback started after its remove had returned.</param>
internal sealed record RemoveRaceObserved(int Seq, int Iteration, int Schedule, bool RemoveReturned, int RemoveResult, bool StartedAfterRemove)
    : Fact(Seq, Iteration);

/// <summary>An ff waited for another thread that called into the loop (FREE-5).</summary>
/// <param name="Completed">The other thread's call returned while the ff waited.</param>
internal sealed record FreeWaitObserved(int Seq, int Iteration, int Schedule, bool Completed, double WaitedMs)
    : Fact(Seq, Iteration);

/// <summary>How many callbacks/ffs ever ran at once, and how many ran off the loop thread,
/// during a threaded case (REENTRY-3, REENTRY-4).</summary>
internal sealed record ConcurrencyObserved(int Seq, int Iteration, int Schedule, int Callbacks, int MaxConcurrent, int OffLoopThread)
    : Fact(Seq, Iteration);

/// <summary>The loop threw out of a call, RunOnce, Stop or Dispose during a threaded case: charged
/// to the rule the case is aimed at (<see cref="RuleId"/>) as a crash.</summary>
internal sealed record ThreadedCaseThrew(int Seq, int Iteration, int Schedule, string RuleId, string Exception)
    : Fact(Seq, Iteration);

/// <summary>The loop did not stop within the deadline when asked from another thread (it never
/// woke up for the stop timer): evidence for THREAD-2.</summary>
internal sealed record StopIgnored(int Seq, int Iteration, int Schedule)
    : Fact(Seq, Iteration);
