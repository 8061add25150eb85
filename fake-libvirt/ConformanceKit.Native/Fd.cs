namespace ConformanceKit.Native;

/// <summary>Small safe wrappers over <see cref="Libc"/> for the common fd chores.</summary>
public static class Fd
{
    /// <summary>An AF_UNIX stream socketpair, both ends non-blocking and close-on-exec.</summary>
    public static unsafe (int A, int B) SocketPair()
    {
        int* sv = stackalloc int[2];
        Libc.Check(Libc.SocketPair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0, sv), "socketpair");
        return (sv[0], sv[1]);
    }

    /// <summary>A pipe, both ends non-blocking and close-on-exec.</summary>
    public static unsafe (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Libc.Check(Libc.Pipe2(fds, Libc.O_NONBLOCK | Libc.O_CLOEXEC), "pipe2");
        return (fds[0], fds[1]);
    }

    /// <summary>A non-blocking eventfd: one fd per watch, for cases with thousands of watches.</summary>
    public static int EventFd() => Libc.Check(Libc.EventFd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC), "eventfd");

    /// <summary>What every write sends: only ever read (by the kernel), so shared by all threads.</summary>
    private static readonly byte[] Zeros = new byte[65536];

    /// <summary>Writes <paramref name="count"/> bytes (or as many as fit); returns what was written.</summary>
    public static unsafe int Write(int fd, int count)
    {
        if (count <= 0)
        {
            return 0;
        }

        // The bytes are zeros: one shared buffer serves every write up to its size (filling a
        // socket took some 200 KB of fresh arrays a scenario, 70% of what a recorded run allocated).
        byte[] data = count <= Zeros.Length ? Zeros : new byte[count];
        fixed (byte* p = data)
        {
            nint n = Libc.Write(fd, p, count);
            return n < 0 ? 0 : (int)n;
        }
    }

    /// <summary>Adds 1 to an eventfd's counter, making it readable.</summary>
    public static unsafe void Signal(int eventFd)
    {
        ulong one = 1;
        Libc.Write(eventFd, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Reads until the fd would block; returns the bytes read.</summary>
    public static unsafe long Drain(int fd)
    {
        long total = 0;
        byte* buf = stackalloc byte[4096];
        while (true)
        {
            nint n = Libc.Read(fd, buf, 4096);
            if (n <= 0)
            {
                return total;
            }

            total += n;
        }
    }

    /// <summary>What the kernel reports for <paramref name="fd"/> right now: a zero-timeout
    /// poll asking for both directions (POLLERR and POLLHUP always come unasked).</summary>
    public static unsafe short PollNow(int fd)
    {
        Libc.PollFd p = new() { Fd = fd, Events = Libc.POLLIN | Libc.POLLOUT };
        int r = Libc.Poll(&p, 1, 0);
        return r < 0 ? (short)0 : p.Revents;
    }

    /// <summary>What the kernel reports for each of <paramref name="fds"/> right now, in one
    /// zero-timeout poll (one system call however many fds); a negative fd reads as 0.</summary>
    public static unsafe void PollNow(ReadOnlySpan<int> fds, Span<short> revents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(revents.Length, fds.Length);
        Span<Libc.PollFd> p = fds.Length <= 64 ? stackalloc Libc.PollFd[fds.Length] : new Libc.PollFd[fds.Length];
        for (int i = 0; i < fds.Length; i++)
        {
            p[i] = new Libc.PollFd { Fd = fds[i], Events = (short)(Libc.POLLIN | Libc.POLLOUT) };
        }

        fixed (Libc.PollFd* ptr = p)
        {
            int r = Libc.Poll(ptr, (nuint)fds.Length, 0);
            for (int i = 0; i < fds.Length; i++)
            {
                revents[i] = r < 0 ? (short)0 : p[i].Revents;
            }
        }
    }

    /// <summary>The file an fd names, as (device, inode); null when the number is not open.</summary>
    /// <remarks>Two numbers name the same file exactly when both pairs are equal: what HANDLE-10
    /// needs to tell "still libvirt's socket" from "closed, and the number reused".</remarks>
    public static unsafe (ulong Device, ulong Inode)? Identity(int fd)
    {
        if (fd < 0)
        {
            return null;
        }

        byte* buffer = stackalloc byte[256];
        if (Libc.Fstat(fd, buffer) != 0)
        {
            return null;
        }

        return (*(ulong*)buffer, *(ulong*)(buffer + 8));
    }

    /// <summary>Closes an fd, ignoring errors (closing is best effort in cleanup paths).</summary>
    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }
}
