using Xunit;

namespace ConformanceKit.Specification;

/// <content>HANDLE: handle dispatch. One test per rule, named by its id.</content>
public abstract partial class EventImplSpecificationTests
{
    /// <summary>HANDLE-1 (MUST): a live watch whose mask asks for Readable (Writable) is called back when its fd is readable (writable), on the next iteration.</summary>
    [SkippableFact]
    public void HANDLE_1_ReadyWatchIsCalledBack() => Must("HANDLE-1");

    /// <summary>HANDLE-2 (MUST): the events passed to the callback are non-empty, and contain no bit that is neither in the watch's current mask nor Error/Hangup.</summary>
    [SkippableFact]
    public void HANDLE_2_EventsAreNonEmptyAndAsked() => Must("HANDLE-2");

    /// <summary>HANDLE-3 (MUST): for a watch with a non-empty mask, an error or hangup on the fd is reported with the Error / Hangup bit, although the caller never asks for those bits.</summary>
    [SkippableFact]
    public void HANDLE_3_ErrorAndHangupReportedUnasked() => Must("HANDLE-3");

    /// <summary>HANDLE-4 (INFO): a watch whose mask is 0 is dormant. libvirt's own loops stop watching its fd entirely, error and hangup included; a loop that still reports Error/Hangup there is recorded, not failed.</summary>
    [SkippableFact]
    public void HANDLE_4_DormantWatch() => Info("HANDLE-4");

    /// <summary>HANDLE-5 (MUST): dispatch is level-triggered: while the condition lasts and the mask still asks for it, the callback is called again on later iterations.</summary>
    [SkippableFact]
    public void HANDLE_5_DispatchIsLevelTriggered() => Must("HANDLE-5");

    /// <summary>HANDLE-6 (MUST): update_handle replaces the mask: from the next iteration, dispatch follows the new mask alone.</summary>
    [SkippableFact]
    public void HANDLE_6_UpdateReplacesTheMask() => Must("HANDLE-6");

    /// <summary>HANDLE-7 (MUST): the callback receives the watch id that add returned, the fd it was given, and the very opaque object it was given.</summary>
    [SkippableFact]
    public void HANDLE_7_CallbackGetsIdFdAndOpaque() => Must("HANDLE-7");

    /// <summary>HANDLE-8 (SHOULD): one fd may be registered several times with non-overlapping masks; each watch is dispatched by its own mask.</summary>
    [SkippableFact]
    public void HANDLE_8_SameFdSeveralWatches() => Should("HANDLE-8");

    /// <summary>HANDLE-9 (INFO): the order in which several ready watches are called back.</summary>
    [SkippableFact]
    public void HANDLE_9_OrderOfReadyWatches() => Info("HANDLE-9");

    /// <summary>HANDLE-10 (MUST): the loop never closes an fd it was given: while the watch lives, after remove_handle, and after dispose, the fd is still open and is the same file.</summary>
    [SkippableFact]
    public void HANDLE_10_FdIsNeverClosedByTheLoop() => Must("HANDLE-10");
}
