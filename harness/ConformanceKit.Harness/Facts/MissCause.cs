namespace ConformanceKit.Harness.Facts;

/// <summary>Why the model thinks an expected callback did not come; decides which rule a
/// miss is charged to, so that one bug is reported under the rule that names it.</summary>
internal enum MissCause
{
    /// <summary>Nothing was missed.</summary>
    None,

    /// <summary>No special circumstance: HANDLE-1 (Readable/Writable), HANDLE-3 (Error/Hangup), TIMER-2/3.</summary>
    Plain,

    /// <summary>Delivered in the previous iteration and still ready: the loop is edge-triggered (HANDLE-5).</summary>
    LevelTriggered,

    /// <summary>The missing bit was added by the latest update (HANDLE-6), or the timer's latest change was an update (TIMER-5).</summary>
    Update,

    /// <summary>Another watch shares the fd (HANDLE-8).</summary>
    SharedFd,

    /// <summary>The timer was updated to a shorter interval and the deadline it had before the update
    /// has not come yet: the loop may be keeping the old deadline instead of restarting the
    /// interval from the update (TIMER-6, SHOULD; libvirtaio does this).</summary>
    KeptOldDeadline,

    /// <summary>Added from inside a callback and never dispatched since (REENTRY-2).</summary>
    AddedInCallback,

    /// <summary>A callback changed registrations earlier in this iteration, and the loop has
    /// delivered this kind of event before: the mutation broke dispatch (REENTRY-1).</summary>
    Reentry,
}
