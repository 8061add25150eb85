using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Native;

namespace ConformanceKit.FakeLibvirt.Fds;

/// <summary>A real fd pair from the kernel: <see cref="LoopFd"/> is handed to the loop,
/// <see cref="FarFd"/> is the core's end (libvirt's peer).</summary>
public sealed class FdSlot : IDisposable
{
    private readonly (ulong Device, ulong Inode)? _identity;

    private FdSlot(int index, SlotKind kind, int loopFd, int farFd)
    {
        Index = index;
        Kind = kind;
        LoopFd = loopFd;
        FarFd = farFd;
        _identity = Fd.Identity(loopFd);
    }

    public int Index { get; }

    public SlotKind Kind { get; }

    /// <summary>The fd registered with the loop.</summary>
    public int LoopFd { get; private set; }

    /// <summary>True once the loop's own fd was closed (LIFE-3); its number is kept so that
    /// callbacks can still be matched to the slot, but it is never closed twice.</summary>
    public bool LoopClosed { get; private set; }

    /// <summary>The far end; -1 once closed.</summary>
    public int FarFd { get; private set; }

    public static FdSlot Create(int index, SlotKind kind)
    {
        switch (kind)
        {
            case SlotKind.SocketPair:
                var (a, b) = Fd.SocketPair();
                return new FdSlot(index, kind, a, b);
            case SlotKind.PipeReadEnd:
                var (r, w) = Fd.Pipe();
                return new FdSlot(index, kind, r, w);
            case SlotKind.PipeWriteEnd:
                var (r2, w2) = Fd.Pipe();
                return new FdSlot(index, kind, w2, r2);
            default:
                return new FdSlot(index, kind, Fd.EventFd(), -1);
        }
    }

    /// <summary>Performs a far-end action; returns a short note of what happened
    /// ("n/a" when the action does not apply to this kind or the far end is closed).</summary>
    public string Act(FdAction action, int bytes)
    {
        switch (action)
        {
            case FdAction.WriteToLoop when Kind == SlotKind.EventFd:
                Fd.Signal(LoopFd);
                return "signalled";
            case FdAction.WriteToLoop when FarFd >= 0 && Kind is SlotKind.SocketPair or SlotKind.PipeReadEnd:
                return $"wrote {Fd.Write(FarFd, Math.Max(1, bytes))}";
            case FdAction.DrainLoopEnd when Kind is SlotKind.SocketPair or SlotKind.PipeReadEnd or SlotKind.EventFd:
                return $"drained {Fd.Drain(LoopFd)}";
            case FdAction.FillLoopEnd when Kind is SlotKind.SocketPair or SlotKind.PipeWriteEnd:
                return $"filled {Fill(LoopFd)}";
            case FdAction.DrainFarEnd when FarFd >= 0 && Kind is SlotKind.SocketPair or SlotKind.PipeWriteEnd:
                return $"drained {Fd.Drain(FarFd)}";
            case FdAction.ShutdownFarWrite when FarFd >= 0 && Kind == SlotKind.SocketPair:
                Libc.Shutdown(FarFd, Libc.SHUT_WR);
                return "shut down";
            case FdAction.CloseLoopEnd when !LoopClosed:
                Fd.Close(LoopFd);
                LoopClosed = true;
                return "closed the loop's fd";
            case FdAction.CloseFarEnd when FarFd >= 0:
                Fd.Close(FarFd);
                FarFd = -1;
                return "closed";
            default:
                return "n/a";
        }
    }

    /// <summary>Whether the loop's fd is still open and still the file the core created (HANDLE-10);
    /// a slot whose fd the core closed itself is <see cref="FdStatus.Same"/>: nothing to judge.</summary>
    public FdStatus Status()
    {
        if (LoopClosed || LoopFd < 0)
        {
            return FdStatus.Same;
        }

        var now = Fd.Identity(LoopFd);
        return now is null ? FdStatus.Closed : now == _identity ? FdStatus.Same : FdStatus.Replaced;
    }

    /// <summary>What the kernel says about the loop's fd right now (zero-timeout poll).</summary>
    public short Poll() => LoopClosed ? Libc.POLLNVAL : Fd.PollNow(LoopFd);

    private static long Fill(int fd)
    {
        long total = 0;
        while (true)
        {
            int n = Fd.Write(fd, 65536);
            if (n <= 0)
            {
                return total;
            }

            total += n;
        }
    }

    public void Dispose()
    {
        // A loop that closed our fd (HANDLE-10) may have let the number be reused by another open
        // in this process: closing it again would close a stranger's fd.
        if (!LoopClosed && LoopFd >= 0 && Status() == FdStatus.Same)
        {
            Fd.Close(LoopFd);
        }

        Fd.Close(FarFd);
        LoopFd = -1;
        FarFd = -1;
    }
}
