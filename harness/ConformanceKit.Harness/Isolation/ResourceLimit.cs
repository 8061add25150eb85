using System.Runtime.InteropServices;

namespace ConformanceKit.Harness.Isolation;

/// <summary>What a worker sets on itself (Linux; no privilege needed): a lowered resource limit
/// (getrlimit, setrlimit), shared by its memory bound and its core-dump switch, and prctl's
/// PR_SET_DUMPABLE.</summary>
internal static class ResourceLimit
{
    public const int Core = 4; // RLIMIT_CORE, Linux, every architecture .NET runs on

    public const int Data = 2; // RLIMIT_DATA

    /// <summary>Sets the soft limit of <paramref name="resource"/> (and the hard one when
    /// <paramref name="hard"/> is given, never above the hard limit now); null when done, else why not.</summary>
    public static string? Lower(int resource, ulong soft, ulong? hard = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "resource limits are applied on Linux only";
        }

        ulong max = GetRLimit(resource, out var now) == 0 ? now.Maximum : ulong.MaxValue;
        // An unprivileged process cannot raise its hard limit: keep the lower one.
        var limit = new RLimit { Current = Math.Min(soft, max), Maximum = Math.Min(hard ?? max, max) };
        return SetRLimit(resource, ref limit) == 0 ? null : $"setrlimit({resource}) failed: errno {Marshal.GetLastPInvokeError()}";
    }

    /// <summary>No core dump from this process: a loop that crashes its worker is reported by the
    /// signal that killed it, and a core written into the user's folder (core_pattern "core"; 30 MB
    /// or more for a worker) is litter, and slows the crash the harness is waiting to hear of.</summary>
    /// <remarks>Both switches: RLIMIT_CORE 0 stops a core file, but the kernel ignores the limit
    /// when core_pattern pipes to a program (systemd-coredump, apport) and streams the whole core
    /// to it; a process that is not dumpable (PR_SET_DUMPABLE 0) dumps nothing anywhere.</remarks>
    public static void NoCoreDump()
    {
        if (OperatingSystem.IsLinux())
        {
            Lower(Core, 0);
            _ = Prctl(PrSetDumpable, 0, 0, 0, 0);
        }
    }

    private const int PrSetDumpable = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
