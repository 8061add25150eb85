using Xunit;

namespace ConformanceKit.Specification;

/// <content>REENTRY: calls made from inside callbacks. One test per rule, named by its id.</content>
public abstract partial class EventImplSpecificationTests
{
    /// <summary>REENTRY-1 (MUST): a callback may call any of the six functions on any registration, its own included: remove itself, remove or update another, add new ones. The loop neither throws, nor deadlocks, nor skips a registration that is still live and ready, nor dispatches one that is gone.</summary>
    [SkippableFact]
    public void REENTRY_1_CallbacksMayCallTheLoop() => Must("REENTRY-1");

    /// <summary>REENTRY-2 (MUST): a registration added from inside a callback is dispatched once ready, at the latest on the next iteration (whether in the same iteration is INFO).</summary>
    [SkippableFact]
    public void REENTRY_2_AddedInCallbackIsDispatched() => Must("REENTRY-2");

    /// <summary>REENTRY-3 (MUST): callbacks never overlap: no callback starts while another callback or ff of the same loop is running.</summary>
    [SkippableFact]
    public void REENTRY_3_CallbacksNeverOverlap() => Must("REENTRY-3");

    /// <summary>REENTRY-4 (SHOULD): callbacks and ffs run on the thread that runs the loop.</summary>
    [SkippableFact]
    public void REENTRY_4_CallbacksOnTheLoopThread() => Should("REENTRY-4");
}
