using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Threaded;

/// <summary>The reference loop, except that the first handle callback it dispatches kills the
/// process with <see cref="Environment.FailFast(string)"/>: only isolation survives it.</summary>
public sealed class FailFastInCallbackLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (_, _, _, _) => Environment.FailFast("FailFastInCallbackLoop: crash on purpose"), opaque, ff);
}

/// <summary>A loop whose RunOnce never returns (and does not spin).</summary>
public sealed class NeverReturnsLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override void RunOnce(TimeSpan maxWait) => new ManualResetEventSlim().Wait();
}
