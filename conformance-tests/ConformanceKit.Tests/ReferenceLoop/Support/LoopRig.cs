using ConformanceKit.Native;
using ConformanceKit.Reference;
using Microsoft.Extensions.Time.Testing;

namespace ConformanceKit.Tests.ReferenceLoop.Support;

/// <summary>A reference loop on a virtual clock (or the real one), a call log, and every fd the
/// test opened, all released on dispose.</summary>
internal sealed class LoopRig : IDisposable
{
    private readonly List<int> _fds = [];

    /// <summary>A loop on a <see cref="FakeTimeProvider"/> that moves only when told
    /// (AutoAdvanceAmount stays zero).</summary>
    public LoopRig()
        : this(realClock: false)
    {
    }

    private LoopRig(bool realClock)
    {
        Time = new FakeTimeProvider();
        Loop = realClock ? new ReferenceEventLoop() : new ReferenceEventLoop(Time);
    }

    public FakeTimeProvider Time { get; }

    public ReferenceEventLoop Loop { get; }

    public CallLog Log { get; } = new();

    /// <summary>A loop on the system clock, for the threaded tests.</summary>
    public static LoopRig RealClock() => new(realClock: true);

    public (int A, int B) SocketPair()
    {
        (int a, int b) = Fd.SocketPair();
        _fds.Add(a);
        _fds.Add(b);
        return (a, b);
    }

    public (int Read, int Write) Pipe()
    {
        (int r, int w) = Fd.Pipe();
        _fds.Add(r);
        _fds.Add(w);
        return (r, w);
    }

    public int EventFd()
    {
        int fd = Fd.EventFd();
        _fds.Add(fd);
        return fd;
    }

    /// <summary>Closes an fd now (to produce a hangup or an error) rather than at dispose.</summary>
    public void Close(int fd)
    {
        if (_fds.Remove(fd))
        {
            Fd.Close(fd);
        }
    }

    /// <summary>One deterministic iteration: poll, dispatch, free.</summary>
    public void Step() => Loop.RunOnce(TimeSpan.Zero);

    public void Steps(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Step();
        }
    }

    public void Advance(int milliseconds) => Time.Advance(TimeSpan.FromMilliseconds(milliseconds));

    public int Watch(int fd, HandleEvents mask, object? opaque = null, Action<int, int, HandleEvents, object?>? then = null) =>
        Loop.AddHandle(fd, mask, Log.Handle(then), opaque, Log.Free());

    public int Timer(int frequency, object? opaque = null, Action<int, object?>? then = null) =>
        Loop.AddTimeout(frequency, Log.Timer(then), opaque, Log.Free());

    public void Dispose()
    {
        Loop.Dispose();
        foreach (int fd in _fds)
        {
            Fd.Close(fd);
        }

        _fds.Clear();
    }
}
