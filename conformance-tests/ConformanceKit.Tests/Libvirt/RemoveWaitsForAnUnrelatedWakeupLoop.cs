using System.Collections.Concurrent;
using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>A loop that breaks THREAD-2 for removals only: a remove_timeout made on another thread
/// while the loop runs is acted on only when the loop next wakes for some other reason, so the ff of
/// the removed timer waits for an unrelated event. Everything else is the reference loop's.
/// Loaded by the tool as <c>assembly:ConformanceKit.Tests.dll:ConformanceKit.Tests.Libvirt.RemoveWaitsForAnUnrelatedWakeupLoop</c>.</summary>
public sealed class RemoveWaitsForAnUnrelatedWakeupLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly ConcurrentQueue<int> _pending = new();
    private volatile int _loopThread;

    public override int RemoveTimeout(int timer)
    {
        if (_loopThread == 0 || Environment.CurrentManagedThreadId == _loopThread)
        {
            return Inner.RemoveTimeout(timer);
        }

        _pending.Enqueue(timer); // the bug: no wake-up; done when the loop next wakes anyway
        return 0;
    }

    protected override void BeforeIteration() => _loopThread = Environment.CurrentManagedThreadId;

    protected override void AfterIteration()
    {
        bool removed = false;
        while (_pending.TryDequeue(out int timer))
        {
            removed |= Inner.RemoveTimeout(timer) == 0;
        }

        if (removed)
        {
            Inner.RunOnce(TimeSpan.Zero); // runs their ffs
        }
    }
}
