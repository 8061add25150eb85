using ConformanceKit.FakeLibvirt.Fds;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Native;

namespace ConformanceKit.Tests.FakeLibvirt;

/// <summary>Pins what the kernel reports for each far-end action: the oracle the rules rely on
/// (the table of LIBVIRT-FACTS.md, checked again on this machine).</summary>
public sealed class KernelOracleTests
{
    private static short After(SlotKind kind, params FdAction[] actions)
    {
        using var slot = FdSlot.Create(0, kind);
        foreach (var a in actions)
        {
            slot.Act(a, 1);
        }

        return slot.Poll();
    }

    [Fact]
    public void PipeReadEnd_WriterClosed_ReportsHangupOnly()
    {
        short r = After(SlotKind.PipeReadEnd, FdAction.CloseFarEnd);
        Assert.Equal(Libc.POLLHUP, r);
    }

    [Fact]
    public void PipeWriteEnd_ReaderClosed_ReportsErrorAndWritable()
    {
        short r = After(SlotKind.PipeWriteEnd, FdAction.CloseFarEnd);
        Assert.Equal(Libc.POLLERR | Libc.POLLOUT, r);
    }

    [Fact]
    public void SocketPair_PeerClosed_ReportsReadableWritableAndHangup()
    {
        short r = After(SlotKind.SocketPair, FdAction.CloseFarEnd);
        Assert.Equal(Libc.POLLIN | Libc.POLLOUT | Libc.POLLHUP, r);
    }

    [Fact]
    public void SocketPair_PeerShutDownWrite_ReportsReadableWithoutHangup()
    {
        short r = After(SlotKind.SocketPair, FdAction.ShutdownFarWrite);
        Assert.Equal(Libc.POLLIN | Libc.POLLOUT, r);
    }

    [Fact]
    public void SocketPair_Fresh_IsWritableOnly_AndWriteMakesItReadable()
    {
        Assert.Equal(Libc.POLLOUT, After(SlotKind.SocketPair));
        Assert.Equal(Libc.POLLIN | Libc.POLLOUT, After(SlotKind.SocketPair, FdAction.WriteToLoop));
        Assert.Equal(Libc.POLLOUT, After(SlotKind.SocketPair, FdAction.WriteToLoop, FdAction.DrainLoopEnd));
    }

    [Fact]
    public void FillLoopEnd_MakesItNotWritable_DrainFarEnd_MakesItWritableAgain()
    {
        Assert.Equal(0, After(SlotKind.PipeWriteEnd, FdAction.FillLoopEnd) & Libc.POLLOUT);
        Assert.Equal(Libc.POLLOUT, After(SlotKind.PipeWriteEnd, FdAction.FillLoopEnd, FdAction.DrainFarEnd));
    }

    [Fact]
    public void CloseLoopEnd_ReportsInvalid_AndDisposeDoesNotCloseTwice()
    {
        var slot = FdSlot.Create(0, SlotKind.SocketPair);
        slot.Act(FdAction.CloseLoopEnd, 0);
        Assert.Equal(Libc.POLLNVAL, slot.Poll());
        slot.Dispose(); // must not close the (possibly reused) number again
    }
}
