using System.Diagnostics;
using System.Runtime.InteropServices;
using ConformanceKit.Native;

namespace ConformanceKit.Reference;

/// <summary>One epoll instance, level-triggered. Control calls report errno instead of
/// throwing, because a refused fd is an ordinary outcome of AddHandle (-1), not a bug.</summary>
internal sealed class Epoll
{
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    private const int EINTR = 4;

    private readonly int _fd;
    private bool _closed;

    private Epoll(int fd) => _fd = fd;

    public static Epoll Create() => new(Libc.Check(Libc.EpollCreate1(Libc.EPOLL_CLOEXEC), "epoll_create1"));

    /// <summary>Adds, modifies or deletes an fd; returns 0 or the errno.</summary>
    public unsafe int Control(int op, int fd, uint events, ulong data)
    {
        // DEL ignores the event, but kernels before 2.6.9 wanted a non-null pointer anyway.
        Libc.EpollEvent ev = new() { Events = events, Data = data };
        return Libc.EpollCtl(_fd, op, fd, &ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1: without limit); returns how many
    /// entries of <paramref name="buffer"/> were filled.</summary>
    /// <remarks>A signal that interrupts the wait (EINTR; epoll_wait is never restarted, whatever
    /// SA_RESTART says, and a process that starts children gets SIGCHLD on any thread) resumes it
    /// for the time left, so an idle RunOnce still waits as long as it was asked to. A zero
    /// timeout never reads a clock (the deterministic tier passes zero).</remarks>
    public unsafe int Wait(Libc.EpollEvent[] buffer, int timeoutMs)
    {
        long start = timeoutMs > 0 ? Stopwatch.GetTimestamp() : 0;
        fixed (Libc.EpollEvent* p = buffer)
        {
            while (true)
            {
                int n = Libc.EpollWait(_fd, p, buffer.Length, timeoutMs);
                if (n >= 0)
                {
                    return n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    throw new InvalidOperationException($"epoll_wait failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
                }

                if (timeoutMs == 0)
                {
                    return 0;
                }

                if (timeoutMs > 0)
                {
                    long left = timeoutMs - (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (left <= 0)
                    {
                        return 0;
                    }

                    timeoutMs = (int)left;
                    start = Stopwatch.GetTimestamp();
                }
            }
        }
    }

    public void Close()
    {
        if (!_closed)
        {
            _closed = true;
            Fd.Close(_fd);
        }
    }
}
