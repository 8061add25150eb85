namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Keeps one watch per fd: a second watch on an fd replaces the first, which is never
/// called back again (and stays silent after the second is removed). A loop built directly on
/// asyncio's add_reader/add_writer or any table keyed by fd has this bug; libvirt registers one
/// fd twice with different masks.</summary>
[Mutant("same-fd-clobbers", "a second watch on an fd replaces the first", "HANDLE-8")]
internal sealed class SameFdClobbers(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, int> _ownerOfFd = [];
    private readonly Dictionary<int, int> _fdOfWatch = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddHandle(fd, events, (w, f, ev, o) =>
        {
            if (_ownerOfFd.TryGetValue(f, out int owner) && owner == w)
            {
                callback(w, f, ev, o);
            }
        }, opaque, ff);
        if (id > 0)
        {
            _ownerOfFd[fd] = id; // the bug: the table is keyed by fd
            _fdOfWatch[id] = fd;
        }

        return id;
    }

    public override int RemoveHandle(int watch)
    {
        int result = Inner.RemoveHandle(watch);
        if (result == 0 && _fdOfWatch.Remove(watch, out int fd) && _ownerOfFd.TryGetValue(fd, out int owner) && owner == watch)
        {
            _ownerOfFd.Remove(fd);
        }

        return result;
    }
}
