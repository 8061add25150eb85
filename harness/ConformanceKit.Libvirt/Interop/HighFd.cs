using System.Runtime.InteropServices;
using ConformanceKit.Native;

namespace ConformanceKit.Libvirt.Interop;

/// <summary>Moves an fd to a high number, so that once it is closed the number is not handed
/// to the next open() of the runtime (which takes the lowest free number): a watch left on a
/// closed fd then really watches a closed fd.</summary>
internal static partial class HighFd
{
    private const int FDupFdCloexec = 1030;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int cmd, int arg);

    /// <summary>Returns a duplicate of <paramref name="fd"/> numbered 900 or more and closes the original.</summary>
    public static int Move(int fd)
    {
        int high = Libc.Check(Fcntl(fd, FDupFdCloexec, 900), "fcntl(F_DUPFD_CLOEXEC)");
        Fd.Close(fd);
        return high;
    }
}
