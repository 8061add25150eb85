using ConformanceKit.Native;

namespace ConformanceKit.Harness.Model;

/// <summary>What the analyzer tracks while one iteration is under way.</summary>
internal sealed class IterationContext(ModelState atStart, IReadOnlyList<short> kernel)
{
    /// <summary>The model when the iteration began: what the loop had to act on.</summary>
    public ModelState AtStart { get; } = atStart;

    /// <summary>poll()'s answer for each slot just before RunOnce.</summary>
    public IReadOnlyList<short> Kernel { get; } = kernel;

    /// <summary>Registrations a callback updated or removed during the iteration.</summary>
    public HashSet<int> TouchedRegs { get; } = [];

    /// <summary>When (trace seq) each registration was first called back in this iteration, and
    /// when a callback first touched each registration and each slot.</summary>
    public Dictionary<int, int> FirstCalled { get; } = [];

    public Dictionary<int, int> FirstRegTouch { get; } = [];

    public Dictionary<int, int> FirstSlotTouch { get; } = [];

    /// <summary>The watch was called back before any callback touched it or its fd: libvirt updates
    /// its socket's watch, and reads its fd, from inside that watch's own callback. What it was due
    /// at the start is then still judged, by what that call delivered.</summary>
    public bool CalledBeforeTouched(int regKey, int slot) =>
        FirstCalled.TryGetValue(regKey, out int called)
        && called < FirstRegTouch.GetValueOrDefault(regKey, int.MaxValue)
        && (slot < 0 || called < FirstSlotTouch.GetValueOrDefault(slot, int.MaxValue));

    /// <summary>Slots whose fd a callback acted on, or on which a callback added a watch.</summary>
    public HashSet<int> TouchedSlots { get; } = [];

    /// <summary>Some callback called add, update or remove during the iteration.</summary>
    public bool Mutated { get; set; }

    public Dictionary<int, HandleEvents> Delivered { get; } = [];

    public Dictionary<int, int> Fires { get; } = [];

    public List<int> HandleOrder { get; } = [];

    public List<int> TimerOrder { get; } = [];

    public bool IsTouched(int regKey, int slot) => TouchedRegs.Contains(regKey) || (slot >= 0 && TouchedSlots.Contains(slot));

    /// <summary>The readiness the kernel reported for a slot, as contract bits; null when the
    /// fd is not valid (closed, or not one of ours), where nothing can be expected.</summary>
    public HandleEvents? Ready(int slot)
    {
        if (slot < 0 || slot >= Kernel.Count || (Kernel[slot] & Libc.POLLNVAL) != 0)
        {
            return null;
        }

        short k = Kernel[slot];
        var e = HandleEvents.None;
        if ((k & Libc.POLLIN) != 0)
        {
            e |= HandleEvents.Readable;
        }

        if ((k & Libc.POLLOUT) != 0)
        {
            e |= HandleEvents.Writable;
        }

        if ((k & Libc.POLLERR) != 0)
        {
            e |= HandleEvents.Error;
        }

        if ((k & Libc.POLLHUP) != 0)
        {
            e |= HandleEvents.Hangup;
        }

        return e;
    }
}
