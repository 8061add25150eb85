using ConformanceKit.Harness.Mutants;
using ConformanceKit.Native;

namespace ConformanceKit.Tests.ContractV2;

/// <summary>Keeps HANDLE-10 in an unusual way: it watches a dup() of every fd it is given and closes
/// that copy when the watch is removed. Closing its own copy is its business; libvirt's fd stays
/// open and the same file. Callbacks still get the fd libvirt gave (HANDLE-7).</summary>
public sealed class WatchesADupLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, int> _copyOfWatch = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int copy = fd >= 0 ? Libc.Dup(fd) : fd;
        int watch = Inner.AddHandle(copy, events, (w, _, e, o) => callback(w, fd, e, o), opaque, ff);
        if (watch > 0 && copy >= 0)
        {
            _copyOfWatch[watch] = copy;
        }
        else if (copy >= 0)
        {
            Fd.Close(copy);
        }

        return watch;
    }

    public override int RemoveHandle(int watch)
    {
        int result = Inner.RemoveHandle(watch);
        if (result == 0 && _copyOfWatch.Remove(watch, out int copy))
        {
            Fd.Close(copy);
        }

        return result;
    }

    public override void Dispose()
    {
        base.Dispose();
        foreach (int copy in _copyOfWatch.Values)
        {
            Fd.Close(copy);
        }

        _copyOfWatch.Clear();
    }
}

/// <summary>Keeps LIFE-4 in an unusual way: it opens one eventfd of its own at its first add_handle
/// and keeps it for its whole life. The process holds one fd more after the first cycle, and no more
/// after the others: growth that does not repeat is not a leak.</summary>
public sealed class OneFdOnFirstAddLoop(TimeProvider time) : DecoratedLoop(time)
{
    private int _own = -1;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        if (_own < 0)
        {
            _own = Fd.EventFd();
        }

        return Inner.AddHandle(fd, events, callback, opaque, ff);
    }

    public override void Dispose()
    {
        base.Dispose();
        Fd.Close(_own);
        _own = -1;
    }
}
