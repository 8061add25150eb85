namespace ConformanceKit.Harness.Model;

/// <summary>The model's lasting record of one add call, live or not.</summary>
/// <param name="RegKey">The core's registration key.</param>
/// <param name="IsTimer">Timer or watch.</param>
/// <param name="Slot">The watch's slot (-1 for timers and foreign fds).</param>
/// <param name="HasFf">Whether a free callback was given.</param>
/// <param name="Id">What add returned (int.MinValue while add has not returned).</param>
/// <param name="AddFailed">Add returned -1 (IDS-7).</param>
/// <param name="RemovedAtSeq">Trace position where remove returned 0, or null.</param>
/// <param name="RemovedInIteration">The iteration count at that moment.</param>
/// <param name="RemovedWhileDisabled">It was a timer at -1 or a watch with mask 0 (FREE-7).</param>
/// <param name="UpdatedAfterRemoval">An update named its id after removal (IDS-6).</param>
/// <param name="FreeCount">How many times its ff ran.</param>
/// <param name="FreeOverdueReported">FREE-6 already reported for it.</param>
public sealed record RegistrationRecord(
    int RegKey,
    bool IsTimer,
    int Slot,
    bool HasFf,
    int Id,
    bool AddFailed,
    int? RemovedAtSeq,
    int RemovedInIteration,
    bool RemovedWhileDisabled,
    bool UpdatedAfterRemoval,
    int FreeCount,
    bool FreeOverdueReported)
{
    public bool Removed => RemovedAtSeq is not null;
}
