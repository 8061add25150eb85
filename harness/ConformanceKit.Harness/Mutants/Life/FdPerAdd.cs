using ConformanceKit.Native;

namespace ConformanceKit.Harness.Mutants.Life;

/// <summary>Opens an fd of its own for every add_handle (a per-watch wake-up eventfd) and keeps it
/// after the watch is removed and its ff has run: a long-running client runs out of descriptors.
/// It closes them all when disposed, so no test process is left with them.</summary>
[Mutant("fd-per-add", "keeps an eventfd of its own per add_handle until it is disposed", "LIFE-4", CountsProcessFds = true)]
internal sealed class FdPerAdd(TimeProvider time) : DecoratedLoop(time)
{
    private readonly List<int> _kept = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        _kept.Add(Fd.EventFd()); // the bug: never closed on remove
        return Inner.AddHandle(fd, events, callback, opaque, ff);
    }

    public override void Dispose()
    {
        base.Dispose();
        foreach (int fd in _kept)
        {
            Fd.Close(fd);
        }

        _kept.Clear();
    }
}
