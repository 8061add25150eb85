using Xunit;

namespace ConformanceKit.Specification;

/// <content>FREE: removal and the free callback. One test per rule, named by its id.</content>
public abstract partial class EventImplSpecificationTests
{
    /// <summary>FREE-1 (MUST): once remove has returned 0, the callback is never called again, also when it was ready in the iteration in which another callback removed it.</summary>
    [SkippableFact]
    public void FREE_1_RemovedIsNeverCalledBack() => Must("FREE-1");

    /// <summary>FREE-2 (MUST): the ff of a registration that was added successfully and removed is called exactly once, with its opaque; never for a registration that was not removed; never twice.</summary>
    [SkippableFact]
    public void FREE_2_FreeCallbackExactlyOnce() => Must("FREE-2");

    /// <summary>FREE-3 (MUST): ff is never called before remove has returned: not from inside remove_handle / remove_timeout.</summary>
    [SkippableFact]
    public void FREE_3_NotFromInsideRemove() => Must("FREE-3");

    /// <summary>FREE-4 (MUST): ff is called from a clean stack: never while a handle or timeout callback is running (a removal made inside a callback has its ff deferred until the loop is back at its top level).</summary>
    [SkippableFact]
    public void FREE_4_FromACleanStack() => Must("FREE-4");

    /// <summary>FREE-5 (MUST, threaded tier): ff runs with none of the loop's own locks held: an ff that waits for another thread which is calling into the loop does not deadlock.</summary>
    [SkippableFact]
    public void FREE_5_NoLoopLockHeldDuringFree() => Threaded("FREE-5");

    /// <summary>FREE-6 (SHOULD): ff is called promptly: within two iterations of the removal (a loop that holds opaques back keeps connections from being garbage collected).</summary>
    [SkippableFact]
    public void FREE_6_FreeCallbackIsPrompt() => Should("FREE-6");

    /// <summary>FREE-7 (MUST): removing a disabled registration (timer at -1, watch with mask 0) succeeds and its ff is called.</summary>
    [SkippableFact]
    public void FREE_7_RemovingADisabledRegistration() => Must("FREE-7");

    /// <summary>FREE-8 (MUST): a null ff is accepted and simply not called.</summary>
    [SkippableFact]
    public void FREE_8_NullFreeCallbackAccepted() => Must("FREE-8");
}
