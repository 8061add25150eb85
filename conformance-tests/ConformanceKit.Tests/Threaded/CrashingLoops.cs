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

/// <summary>The reference loop, except that its second RunOnce kills the process with
/// <see cref="Environment.FailFast(string)"/>. A named case that iterates does so at least twice
/// (one that ends on an iteration gets one more), so this loop crashes in every case that runs the
/// loop at all; its first iteration shows that it ran before it died.</summary>
public sealed class FailFastInSecondIterationLoop(TimeProvider time) : DecoratedLoop(time)
{
    public const string Message = "FailFastInSecondIterationLoop: crash on purpose";

    private int _iterations;

    public override void RunOnce(TimeSpan maxWait)
    {
        if (++_iterations == 2)
        {
            Environment.FailFast(Message);
        }

        base.RunOnce(maxWait);
    }
}

/// <summary>A loop whose constructor always throws (before it opens anything).</summary>
public sealed class ThrowingConstructorLoop(TimeProvider time) : DecoratedLoop(Refuse(time))
{
    public const string Message = "ThrowingConstructorLoop: cannot start on purpose";

    private static TimeProvider Refuse(TimeProvider time) => throw new InvalidOperationException(Message);
}

/// <summary>A loop that allocates (and touches) 2 GB in every AddTimeout and keeps it: without a
/// memory bound its worker would take the machine's memory.</summary>
public sealed class MemoryHogLoop(TimeProvider time) : DecoratedLoop(time)
{
    private static readonly List<byte[]> Hoard = [];

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        var block = new byte[2_000_000_000];
        for (int i = 0; i < block.Length; i += 4096)
        {
            block[i] = 1;
        }

        Hoard.Add(block);
        return base.AddTimeout(frequency, callback, opaque, ff);
    }
}

/// <summary>Two bugs: AddTimeout blocks forever for a frequency of 2^24 ms or more (only TIMER-9's
/// named case asks for one), and removing an unknown watch id returns 0 (IDS-5 fails).</summary>
public sealed class HangsOnHugeTimersLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        if (frequency >= 1 << 24)
        {
            new ManualResetEventSlim().Wait();
        }

        return base.AddTimeout(frequency, callback, opaque, ff);
    }

    public override int RemoveHandle(int watch) => Math.Max(0, base.RemoveHandle(watch));
}

/// <summary>A loop whose AddHandle recurses without end: the process dies of a stack overflow,
/// which no handler can catch.</summary>
public sealed class StackOverflowLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Deeper(fd, events, callback, opaque, ff, 0);

    private int Deeper(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff, int depth) =>
        depth == int.MaxValue ? base.AddHandle(fd, events, callback, opaque, ff) : Deeper(fd, events, callback, opaque, ff, depth + 1) + 0;
}

/// <summary>A loop that allocates (and touches) 2 GB of native memory in every AddTimeout and
/// never frees it: the GC's heap limit does not see it, RLIMIT_DATA does.</summary>
public sealed unsafe class NativeMemoryHogLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        const long size = 2_000_000_000;
        byte* block = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)size);
        for (long i = 0; i < size; i += 4096)
        {
            block[i] = 1;
        }

        return base.AddTimeout(frequency, callback, opaque, ff);
    }
}
