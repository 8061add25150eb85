using System.Globalization;

namespace ConformanceKit.Harness.Isolation;

/// <summary>The memory bound of an isolated worker: a loop that allocates without end makes its
/// worker fail an allocation, which is reported as a crash ("out of memory (limit N MB)"), instead
/// of growing until the kernel's OOM killer picks a process on the machine.</summary>
/// <remarks>
/// Two limits, because neither alone is enough (measured with a loop that allocates and touches
/// 2 GB per AddTimeout, and one that allocates native memory):
/// <list type="bullet">
/// <item>RLIMIT_DATA, set by the worker on itself before it loads the loop (setrlimit: no privilege,
/// no cgroup, no wrapper). Linux counts every private writable mapping against it: the managed
/// heap as the GC commits it, malloc and NativeMemory, thread stacks. A native allocation past it
/// fails (NativeMemory.Alloc throws OutOfMemoryException). RLIMIT_AS cannot be used: the runtime
/// reserves tens of GB of address space up front and does not start under a 1 GB RLIMIT_AS.</item>
/// <item>The GC heap hard limit (DOTNET_GCHeapHardLimit, which must be in the environment when
/// the runtime starts), at three quarters of the limit: the managed heap fails first, with an
/// OutOfMemoryException, while native memory is left for the runtime to report it. With
/// RLIMIT_DATA alone, a loop making many small allocations exhausted the limit and the runtime
/// then failed in its own native code.</item>
/// </list>
/// The worker's own needs are about 150 MB of RLIMIT_DATA (mostly reserved thread stacks), so
/// the limit must leave room for that.
/// </remarks>
public static class MemoryLimit
{
    /// <summary>Below this the worker cannot do its own work.</summary>
    public const int MinimumMb = 192;

    public const int MaximumMb = 1 << 20;

    /// <summary>Environment variables for a child worker bounded to <paramref name="mb"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ChildEnvironment(int mb)
    {
        long gcBytes = (long)mb * 1024 * 1024 / 4 * 3;
        yield return new("DOTNET_GCHeapHardLimit", gcBytes.ToString("X", CultureInfo.InvariantCulture));
    }

    /// <summary>Bounds this process's data segment; null when done, else why not.</summary>
    public static string? ApplyToThisProcess(int mb)
    {
        ulong bytes = (ulong)mb * 1024 * 1024;
        return ResourceLimit.Lower(ResourceLimit.Data, bytes, bytes);
    }
}
