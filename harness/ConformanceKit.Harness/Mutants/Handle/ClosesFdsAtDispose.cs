using ConformanceKit.Native;

namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Closes every fd it was ever given when it is disposed, as a loop does that owns its
/// handle objects and tears them down with itself: libvirt's sockets close under libvirt.</summary>
/// <remarks>It closes only a number that still names the file it was given (checked with fstat),
/// so that in a shared test process it never closes a stranger's fd.</remarks>
[Mutant("closes-fds-at-dispose", "closes every fd it was given when it is disposed", "HANDLE-10")]
internal sealed class ClosesFdsAtDispose(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, (ulong, ulong)?> _given = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        _given.TryAdd(fd, Fd.Identity(fd));
        return Inner.AddHandle(fd, events, callback, opaque, ff);
    }

    public override void Dispose()
    {
        base.Dispose();
        foreach (var (fd, file) in _given)
        {
            if (file is not null && Fd.Identity(fd) == file)
            {
                Fd.Close(fd); // the bug
            }
        }
    }
}
