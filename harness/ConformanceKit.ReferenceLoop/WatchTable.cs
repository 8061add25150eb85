using System.Diagnostics.CodeAnalysis;
using ConformanceKit.Native;

namespace ConformanceKit.Reference;

/// <summary>The live watches, by id and by fd, kept in step with the epoll set. Every
/// member is called under the loop's lock.</summary>
/// <remarks>The kernel is touched only when an fd's union mask changes, so adding and
/// removing a watch costs one or two epoll_ctl calls and no work proportional to the number
/// of watches.</remarks>
internal sealed class WatchTable(Epoll epoll)
{
    private readonly Dictionary<int, Watch> _byId = [];
    private readonly Dictionary<int, FdRegistration> _byFd = [];

    /// <summary>How many fds epoll has for us (not counting the wakeup eventfd); sizes the
    /// buffer that epoll_wait fills.</summary>
    public int KernelFdCount { get; private set; }

    /// <summary>Registers <paramref name="watch"/>; false when the kernel refuses its fd.</summary>
    public bool TryAdd(Watch watch)
    {
        bool created = !_byFd.TryGetValue(watch.Fd, out FdRegistration? reg);
        reg ??= new FdRegistration(watch.Fd);
        reg.Watches.Add(watch);
        // A further watch on a known fd re-states the interest set even when the union is
        // unchanged: if the fd number was closed and reused behind our back, that re-adds the
        // new file to epoll instead of trusting a registration the kernel has dropped.
        if (!Sync(reg, probe: created, refresh: !created))
        {
            reg.Watches.RemoveAt(reg.Watches.Count - 1);
            if (!created)
            {
                // The fd was closed behind the other watches' back; keep the table in step
                // with whatever the kernel still has.
                Sync(reg, probe: false, refresh: false);
            }

            return false;
        }

        if (created)
        {
            _byFd.Add(watch.Fd, reg);
        }

        _byId.Add(watch.Id, watch);
        return true;
    }

    /// <summary>Replaces a live watch's mask; unknown ids change nothing (IDS-6).</summary>
    public void Update(int id, HandleEvents mask)
    {
        if (_byId.TryGetValue(id, out Watch? watch) && watch.Mask != mask)
        {
            watch.Mask = mask;
            // If the kernel refuses (the fd was closed meanwhile) the watch stays registered
            // but silent; libvirt would report it through remove anyway.
            Sync(_byFd[watch.Fd], probe: false, refresh: false);
        }
    }

    /// <summary>Takes a live watch out of the table and, if it was the fd's last active one,
    /// out of epoll. Returns null for anything not live (IDS-5).</summary>
    public Watch? Remove(int id)
    {
        if (!_byId.Remove(id, out Watch? watch))
        {
            return null;
        }

        watch.Removed = true;
        FdRegistration reg = _byFd[watch.Fd];
        reg.Watches.Remove(watch);
        Sync(reg, probe: false, refresh: false);
        if (reg.Watches.Count == 0)
        {
            _byFd.Remove(watch.Fd);
        }

        return watch;
    }

    public bool TryGetFd(int fd, [NotNullWhen(true)] out FdRegistration? reg) => _byFd.TryGetValue(fd, out reg);

    /// <summary>Forgets every watch without freeing anything (dispose, LIFE-1). The epoll fd
    /// is about to be closed, which drops the kernel's side in one go.</summary>
    public void Clear()
    {
        foreach (Watch w in _byId.Values)
        {
            w.Removed = true;
        }

        _byId.Clear();
        _byFd.Clear();
        KernelFdCount = 0;
    }

    /// <summary>Makes the kernel match <paramref name="reg"/>: in epoll with the union mask if
    /// any watch is active, out of it otherwise. With <paramref name="probe"/>, a new fd whose
    /// watches are all dormant is still offered to epoll once, so that AddHandle refuses an fd
    /// epoll could never watch (a regular file, a closed fd) whatever its first mask. With
    /// <paramref name="refresh"/>, the kernel is told the interest set even if it looks unchanged.</summary>
    private bool Sync(FdRegistration reg, bool probe, bool refresh)
    {
        ulong data = (uint)reg.Fd;
        if (!reg.HasActiveWatch())
        {
            if (reg.InKernel)
            {
                // Failure means the fd is already gone from epoll (closed): nothing to undo.
                epoll.Control(Libc.EPOLL_CTL_DEL, reg.Fd, 0, data);
                reg.InKernel = false;
                KernelFdCount--;
                return true;
            }

            if (probe)
            {
                if (epoll.Control(Libc.EPOLL_CTL_ADD, reg.Fd, 0, data) != 0)
                {
                    return false;
                }

                epoll.Control(Libc.EPOLL_CTL_DEL, reg.Fd, 0, data);
            }

            return true;
        }

        uint want = reg.UnionEvents();
        if (!reg.InKernel)
        {
            int errno = epoll.Control(Libc.EPOLL_CTL_ADD, reg.Fd, want, data);
            if (errno == Epoll.EEXIST)
            {
                errno = epoll.Control(Libc.EPOLL_CTL_MOD, reg.Fd, want, data);
            }

            if (errno != 0)
            {
                return false;
            }

            reg.InKernel = true;
            reg.KernelEvents = want;
            KernelFdCount++;
            return true;
        }

        if (reg.KernelEvents == want && !refresh)
        {
            return true;
        }

        int modErrno = epoll.Control(Libc.EPOLL_CTL_MOD, reg.Fd, want, data);
        if (modErrno == Epoll.ENOENT)
        {
            // The kernel dropped the fd when it was closed and its number has been reused.
            modErrno = epoll.Control(Libc.EPOLL_CTL_ADD, reg.Fd, want, data);
        }

        if (modErrno != 0)
        {
            reg.InKernel = false;
            KernelFdCount--;
            return false;
        }

        reg.KernelEvents = want;
        return true;
    }
}
