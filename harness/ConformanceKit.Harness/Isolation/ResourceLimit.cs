using System.Runtime.InteropServices;

namespace ConformanceKit.Harness.Isolation;

/// <summary>getrlimit and setrlimit on this process (Linux; no privilege needed to lower a limit),
/// shared by the worker's memory bound and its core-file switch.</summary>
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

    /// <summary>No core file from this process: a loop that crashes its worker is reported by the
    /// signal that killed it, and a core written into the user's folder (core_pattern "core"; 30 MB
    /// or more for a worker) is litter, and slows the crash the harness is waiting to hear of.</summary>
    public static void NoCoreFile() => Lower(Core, 0);

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
}
