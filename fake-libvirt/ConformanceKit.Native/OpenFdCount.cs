namespace ConformanceKit.Native;

/// <summary>How many fds this process has open, counted without listing <c>/proc/self/fd</c>.</summary>
/// <remarks>
/// <para>Listing the folder makes the kernel build a directory entry for every open fd, and a .NET
/// process holds some 80 to 100 (each assembly is open twice): about 50 us a count, and the harness
/// counts twice per unit, a tenth of a generated run (issue 15, item 4).</para>
/// <para>Here: zero-timeout <c>poll</c>s over every number of the process's fd table, in which a
/// number that is not open comes back <c>POLLNVAL</c>. The table's size is the <c>FDSize</c> line of
/// <c>/proc/self/status</c>, read each time: the table only grows, and it grows to hold any fd that
/// is opened (dup2 to a high number included), so no open fd lies beyond it. About 20 us a count
/// on this project's machine, most of it reading the status file; 10 us less with the file kept
/// open (below).</para>
/// <para>/proc/self/status stays open from the first count on, and is read with pread: the
/// count includes it from that first count, as every later one does (and the listing does too).
/// Unlike the folder listing, nothing else is open while this counts: the count is one less.
/// Callers compare two counts, never a count with a listing.</para>
/// </remarks>
public static class OpenFdCount
{
    /// <summary>Fd numbers polled in one call: under the lowest RLIMIT_NOFILE a process is given (1,024).</summary>
    private const int Slice = 512;

    /// <summary>Fds open now, or -1 where /proc/self/status cannot be read.</summary>
    public static unsafe int Now()
    {
        int size = TableSize();
        if (size <= 0)
        {
            return -1;
        }

        // poll refuses more fds than RLIMIT_NOFILE (EINVAL), and the table is a power of two that
        // can pass the limit (an fd dup2'd just under a limit of 20,000 makes it 32,768): the table
        // is polled a slice at a time, each slice well under any limit a process runs with.
        Span<Libc.PollFd> fds = stackalloc Libc.PollFd[Slice];
        int open = 0;
        for (int first = 0; first < size; first += Slice)
        {
            int count = Math.Min(Slice, size - first);
            for (int i = 0; i < count; i++)
            {
                fds[i] = new Libc.PollFd { Fd = first + i, Events = 0 };
            }

            fixed (Libc.PollFd* p = fds)
            {
                if (Libc.Poll(p, (nuint)count, 0) < 0)
                {
                    return -1;
                }
            }

            foreach (var f in fds[..count])
            {
                open += (f.Revents & Libc.POLLNVAL) == 0 ? 1 : 0;
            }
        }

        return open;
    }

    /// <summary>The size of this process's fd table (<c>FDSize:</c> in /proc/self/status), or -1.</summary>
    public static unsafe int TableSize()
    {
        // The status text is some 1.5 KB; FDSize comes in its first half.
        Span<byte> text = stackalloc byte[4096];
        for (int attempt = 0; attempt < 2; attempt++)
        {
            int fd = attempt == 0 ? Volatile.Read(ref s_status) : -1;
            if (fd < 0 && (fd = OpenStatus()) < 0)
            {
                return -1;
            }

            nint n;
            fixed (byte* b = text)
            {
                n = Libc.Pread(fd, b, text.Length, 0);
            }

            if (n > 0 && FdSizeIn(text[..(int)n]) is var size and > 0)
            {
                return size;
            }

            // Not the status file any more: something closed it (a loop that closes fds it does not
            // own), and the number may be someone else's now. Left alone; a fresh one is opened.
            Interlocked.CompareExchange(ref s_status, -1, fd);
        }

        return -1;
    }

    /// <summary>/proc/self/status, kept open from the first count on (one pread a count instead of
    /// open, read and close: 10 us less a count here), or -1.</summary>
    private static int OpenStatus()
    {
        int fd = Libc.Open("/proc/self/status", Libc.O_CLOEXEC); // read-only: O_RDONLY is 0
        if (fd < 0)
        {
            return -1;
        }

        int kept = Interlocked.CompareExchange(ref s_status, fd, -1);
        if (kept == -1)
        {
            return fd;
        }

        Libc.Close(fd); // another thread's came first
        return kept;
    }

    private static int s_status = -1;

    /// <summary>The number on the <c>FDSize:</c> line of a status text, or -1.</summary>
    public static int FdSizeIn(ReadOnlySpan<byte> status)
    {
        int at = status.IndexOf("\nFDSize:"u8);
        if (at < 0)
        {
            return -1;
        }

        int value = 0;
        bool any = false;
        foreach (byte c in status[(at + "\nFDSize:".Length)..])
        {
            if (c is (byte)' ' or (byte)'\t' && !any)
            {
                continue;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            value = (value * 10) + (c - '0');
            any = true;
        }

        return any ? value : -1;
    }
}
