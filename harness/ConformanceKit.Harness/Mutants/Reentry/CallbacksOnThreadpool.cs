namespace ConformanceKit.Harness.Mutants.Reentry;

/// <summary>Runs every callback on a thread-pool thread (and waits for it) instead of on the thread
/// that runs the loop, as loops that "offload" handlers with Task.Run or run_in_executor do.
/// libvirt's callbacks then race with code that assumes the loop thread.</summary>
[Mutant("callbacks-on-threadpool", "runs callbacks on thread-pool threads instead of the loop thread", "REENTRY-4")]
internal sealed class CallbacksOnThreadpool(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) => Task.Run(() => callback(w, f, ev, o)).GetAwaiter().GetResult(), opaque, ff); // the bug

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, (t, o) => Task.Run(() => callback(t, o)).GetAwaiter().GetResult(), opaque, ff);
}
