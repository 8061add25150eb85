using System.Runtime.InteropServices;

namespace ConformanceKit.Native;

/// <summary>Thin P/Invoke declarations for the Linux calls ConformanceKit needs.</summary>
/// <remarks>Errors come back as -1 with errno in <see cref="Marshal.GetLastPInvokeError"/>;
/// <see cref="Check"/> turns them into exceptions where a failure is a harness bug.</remarks>
public static partial class Libc
{
    private const string Lib = "libc";

    public const int EINTR = 4;
    public const int EAGAIN = 11;

    public const short POLLIN = 0x001;
    public const short POLLOUT = 0x004;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;
    public const short POLLNVAL = 0x020;

    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOCK_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NONBLOCK = 0x800;
    public const int SHUT_RD = 0;
    public const int SHUT_WR = 1;
    public const int SHUT_RDWR = 2;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes): 4 bytes of events, 8 of data.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport(Lib, EntryPoint = "socketpair", SetLastError = true)]
    public static unsafe partial int SocketPair(int domain, int type, int protocol, int* sv);

    [LibraryImport(Lib, EntryPoint = "pipe2", SetLastError = true)]
    public static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport(Lib, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>fstat(2) into a caller's buffer: only st_dev (offset 0) and st_ino (offset 8) are
    /// read, which sit there on both x86-64 and arm64 (the buffer is larger than either struct).</summary>
    [LibraryImport(Lib, EntryPoint = "fstat", SetLastError = true)]
    public static unsafe partial int Fstat(int fd, byte* statBuffer);

    [LibraryImport(Lib, EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int oldFd);

    [LibraryImport(Lib, EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldFd, int newFd);

    [LibraryImport(Lib, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Lib, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buf, nint count);

    [LibraryImport(Lib, EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint Pread(int fd, byte* buf, nint count, long offset);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buf, nint count);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint nfds, int timeout);

    /// <summary>poll(2) on every fd of <paramref name="fds"/> (their revents filled in), for
    /// callers that keep no pointers.</summary>
    public static unsafe int Poll(PollFd[] fds, int timeout)
    {
        fixed (PollFd* p = fds)
        {
            return Poll(p, (nuint)fds.Length, timeout);
        }
    }

    [LibraryImport(Lib, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport(Lib, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static unsafe partial int EpollCtl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport(Lib, EntryPoint = "epoll_wait", SetLastError = true)]
    public static unsafe partial int EpollWait(int epfd, EpollEvent* events, int maxevents, int timeout);

    /// <summary>Throws with errno when a libc call that must not fail returned -1.</summary>
    public static int Check(int result, string call)
    {
        if (result < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"{call} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }

        return result;
    }
}
