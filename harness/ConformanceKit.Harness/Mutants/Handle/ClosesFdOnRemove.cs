using ConformanceKit.Native;

namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Closes a watch's fd when the watch is removed, as a loop does that wraps each fd in a
/// handle object which closes it when destroyed; the next open takes the number over.</summary>
/// <remarks>Here the number is taken over at once, by dup2 of /dev/null onto it: the same bug as
/// close() followed by someone's open(), without ever letting another part of a shared test
/// process receive libvirt's number.</remarks>
[Mutant("closes-fd-on-remove", "closes the fd of a removed watch (the number is reused at once)", "HANDLE-10")]
internal sealed class ClosesFdOnRemove(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, (int Fd, (ulong, ulong)? File)> _fds = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int watch = Inner.AddHandle(fd, events, callback, opaque, ff);
        if (watch > 0)
        {
            _fds[watch] = (fd, Fd.Identity(fd));
        }

        return watch;
    }

    public override int RemoveHandle(int watch)
    {
        int result = Inner.RemoveHandle(watch);
        if (result == 0 && _fds.Remove(watch, out var given) && given.File is not null && Fd.Identity(given.Fd) == given.File)
        {
            int devNull = Libc.Open("/dev/null", Libc.O_CLOEXEC);
            if (devNull >= 0)
            {
                Libc.Dup2(devNull, given.Fd); // the bug: libvirt's fd is gone, its number names another file
                Fd.Close(devNull);
            }
        }

        return result;
    }
}
