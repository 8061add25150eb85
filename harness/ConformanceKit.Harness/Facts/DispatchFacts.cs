using ConformanceKit.Harness.Model;

namespace ConformanceKit.Harness.Facts;

/// <summary>The loop called a handle callback.</summary>
/// <param name="Reg">The model's record of the registration the callback belongs to.</param>
/// <param name="Live">The watch as the model holds it now (null when not live).</param>
/// <param name="MaskAtIterationStart">Its mask when the iteration began (null if it was not live then).</param>
/// <param name="Nested">Another callback or ff of the loop was still running (REENTRY-3).</param>
/// <param name="Touched">Earlier in this iteration a callback changed this watch or its fd:
/// the contract then lets the loop act on the old or the new state.</param>
internal sealed record HandleCalled(
    int Seq,
    int Iteration,
    int RegKey,
    int PassedId,
    int PassedSlot,
    HandleEvents Events,
    int OpaqueOf,
    RegistrationRecord Reg,
    WatchModel? Live,
    HandleEvents? MaskAtIterationStart,
    bool Nested,
    bool OnLoopThread,
    bool Touched)
    : Fact(Seq, Iteration);

/// <summary>The loop called a timeout callback.</summary>
/// <param name="AtIterationStart">The timer as it was when the iteration began (null if not live then).</param>
/// <param name="ClockNoiseMs">How far off the core's clock reading may be from the loop's: 0 on the
/// virtual clock; on the real clock the loop re-arms a timer a moment before the core sees it fire.</param>
/// <param name="FiresThisIteration">How many times it has fired in this iteration, this one included (TIMER-4).</param>
/// <remarks><see cref="AfterThrow"/>: the first fire since this timer's callback threw by script, the
/// loop's answer to the throw (LIFE-2), whose timing TIMER-3, TIMER-5 and TIMER-6 do not judge.</remarks>
internal sealed record TimerCalled(
    int Seq,
    int Iteration,
    int RegKey,
    int PassedId,
    int OpaqueOf,
    RegistrationRecord Reg,
    TimerModel? Live,
    TimerModel? AtIterationStart,
    long NowMs,
    long ClockNoiseMs,
    int FiresThisIteration,
    bool Nested,
    bool OnLoopThread,
    bool Touched)
    : Fact(Seq, Iteration)
{
    public bool AfterThrow { get; init; }
}

/// <summary>The loop called a free callback.</summary>
/// <param name="RegBefore">The registration's record before this call.</param>
/// <param name="InsideRemove">It ran inside a remove_handle / remove_timeout call (FREE-3).</param>
/// <param name="InCallback">It ran while a handle or timeout callback was running (FREE-4).</param>
/// <param name="Phase">"run", "settle" or "dispose" (LIFE-1).</param>
internal sealed record FreeCalledFact(int Seq, int Iteration, int RegKey, int OpaqueOf, RegistrationRecord RegBefore, bool InsideRemove, bool InCallback, bool OnLoopThread, string Phase)
    : Fact(Seq, Iteration);
