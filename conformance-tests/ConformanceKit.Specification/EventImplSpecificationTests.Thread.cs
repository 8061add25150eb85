using Xunit;

namespace ConformanceKit.Specification;

/// <content>THREAD: calls from other threads. One test per rule, named by its id.</content>
public abstract partial class EventImplSpecificationTests
{
    /// <summary>THREAD-1 (MUST, threaded tier): the six functions may be called from any thread while the loop runs on its own; no registration is lost or duplicated and ids stay unique.</summary>
    [SkippableFact]
    public void THREAD_1_CallsFromAnyThread() => Threaded("THREAD-1");

    /// <summary>THREAD-2 (MUST, threaded tier): a change made from another thread takes effect without waiting for an unrelated event: a loop blocked with nothing to do wakes up when another thread adds a ready watch or a frequency-0 timer, or removes a registration (libvirt's own test calls this "interrupted during poll").</summary>
    [SkippableFact]
    public void THREAD_2_ChangesWakeTheLoop() => Threaded("THREAD-2");

    /// <summary>THREAD-3 (MUST, threaded tier): after remove has returned on another thread, no new invocation of that callback starts.</summary>
    [SkippableFact]
    public void THREAD_3_NoDispatchAfterRemoveReturns() => Threaded("THREAD-3");
}
