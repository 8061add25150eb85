using System.Collections.Immutable;
using System.Runtime.InteropServices;
using ConformanceKit.Native;
using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.FakeLibvirt.Fds;

/// <summary>The fd pairs of one scenario run; disposing closes every fd the core opened.</summary>
public sealed class FdSlots : IDisposable
{
    private readonly FdSlot[] _slots;

    public FdSlots(ImmutableArray<SlotKind> kinds)
    {
        _slots = new FdSlot[kinds.Length];
        try
        {
            for (int i = 0; i < kinds.Length; i++)
            {
                _slots[i] = FdSlot.Create(i, kinds[i]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => _slots.Length;

    /// <summary>Slot by index, modulo the count, so shrunk scripts stay valid.</summary>
    public FdSlot this[int index] => _slots[((index % _slots.Length) + _slots.Length) % _slots.Length];

    /// <summary>The kernel's view of every loop-side fd, by slot index (slot indices, not fd
    /// numbers, so that traces are the same whatever numbers the kernel hands out).</summary>
    /// <remarks>One poll for all slots: the core asks before every iteration. A slot whose loop
    /// end the core closed reads as POLLNVAL without asking (its number may belong to another fd now).</remarks>
    public ImmutableArray<short> PollAll()
    {
        Span<int> fds = _slots.Length <= 64 ? stackalloc int[_slots.Length] : new int[_slots.Length];
        for (int i = 0; i < _slots.Length; i++)
        {
            fds[i] = _slots[i].LoopClosed ? -1 : _slots[i].LoopFd;
        }

        var revents = new short[_slots.Length];
        Fd.PollNow(fds, revents);
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].LoopClosed && _slots[i].LoopFd >= 0)
            {
                revents[i] = Libc.POLLNVAL;
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(revents);
    }

    /// <summary>What became of every slot's loop-side fd (HANDLE-10), by slot index.</summary>
    public ImmutableArray<FdStatus> StatusAll()
    {
        var status = new FdStatus[_slots.Length];
        for (int i = 0; i < _slots.Length; i++)
        {
            status[i] = _slots[i].Status();
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(status);
    }

    /// <summary>The slot whose loop-side fd is <paramref name="fd"/>, or -1.</summary>
    public int SlotOf(int fd)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].LoopFd == fd && fd >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        foreach (var s in _slots)
        {
            s?.Dispose();
        }
    }
}
