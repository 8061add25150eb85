namespace ConformanceKit.Reference;

/// <summary>Everything registered on one fd: its watches (HANDLE-8) and what the kernel
/// currently has for it. One epoll registration carries the union of the watches' masks.</summary>
internal sealed class FdRegistration(int fd)
{
    public int Fd { get; } = fd;

    /// <summary>Usually one or two watches, so a list beats a set here.</summary>
    public List<Watch> Watches { get; } = new(1);

    /// <summary>Whether epoll currently has this fd.</summary>
    public bool InKernel { get; set; }

    /// <summary>The interest set last given to epoll (meaningful while <see cref="InKernel"/>).</summary>
    public uint KernelEvents { get; set; }

    /// <summary>True when some watch has a non-empty mask: only then does the fd belong in epoll,
    /// so a fd whose watches are all dormant reports no error or hangup at all (HANDLE-4).</summary>
    public bool HasActiveWatch()
    {
        foreach (Watch w in Watches)
        {
            if (w.Mask != HandleEvents.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The union of the watches' masks as an epoll interest set.</summary>
    public uint UnionEvents()
    {
        HandleEvents union = HandleEvents.None;
        foreach (Watch w in Watches)
        {
            union |= w.Mask;
        }

        return EventBits.ToEpoll(union);
    }
}
