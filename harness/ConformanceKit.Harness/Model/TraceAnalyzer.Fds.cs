using ConformanceKit.FakeLibvirt.Fds;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Native;

namespace ConformanceKit.Harness.Model;

/// <summary>The fds the loop was given (HANDLE-10) and the fds it holds of its own (LIFE-4).</summary>
public sealed partial class TraceAnalyzer
{
    /// <summary>Slots whose fd was passed to add_handle: the only fds HANDLE-10 speaks of.</summary>
    private readonly HashSet<int> _givenSlots = [];

    /// <summary>Slots already found closed or replaced: one finding per fd, not one per check.</summary>
    private readonly HashSet<int> _lostSlots = [];

    private readonly List<(HashSet<int> Open, bool FfPending, int Seq, int Iteration)> _fdCounts = [];

    private void NoteGivenSlot(CallStarted c)
    {
        if (c.Call == CallKind.AddHandle && c.Slot >= 0)
        {
            _givenSlots.Add(c.Slot);
        }
    }

    /// <summary>poll() said POLLNVAL of a slot the core did not close: the fd is gone while the
    /// loop was meant to watch it (the kernel reading every iteration already makes; no fstat).</summary>
    private void CheckGivenFdsOpen(IterationStarted i)
    {
        foreach (int slot in _givenSlots)
        {
            if (slot < i.Kernel.Length && (i.Kernel[slot] & Libc.POLLNVAL) != 0 && !_closedSlots.ContainsKey(slot) && _lostSlots.Add(slot))
            {
                bool watched = _state.Watches.Values.Any(w => w.Slot == slot);
                Emit(new FdKept(i.Seq, i.Iteration, slot, watched ? "while its watch lived" : "after remove_handle", FdStatus.Closed));
            }
        }
    }

    private void OnFdsChecked(FdsChecked f)
    {
        bool always = f.When == "after dispose";
        foreach (int slot in _givenSlots.Order())
        {
            if (slot >= f.Status.Length || _closedSlots.ContainsKey(slot) || _lostSlots.Contains(slot))
            {
                continue;
            }

            var status = f.Status[slot];
            if (status != FdStatus.Same)
            {
                _lostSlots.Add(slot);
            }

            if (status != FdStatus.Same || always)
            {
                Emit(new FdKept(f.Seq, f.Iteration, slot, f.When, status));
            }
        }
    }

    private void OnFdsCounted(FdsCounted f) =>
        _fdCounts.Add(([.. f.Open], _state.Registrations.Values.Any(r => r.Removed && r.HasFf && r.FreeCount == 0), f.Seq, f.Iteration));

    /// <summary>LIFE-4: for each cycle between two counts that ended with every ff run (an ff still
    /// pending is FREE-2's, and its opaque may hold the fd), the fds that appeared in the cycle and
    /// are still open at every later count. An fd another thread of the process opened meanwhile
    /// is gone again soon; the one a loop keeps per add stays.</summary>
    private void EmitFdGrowth()
    {
        if (_fdCounts.Count < 3)
        {
            return;
        }

        var growth = new List<int>();
        for (int i = 1; i < _fdCounts.Count; i++)
        {
            if (_fdCounts[i].FfPending)
            {
                continue;
            }

            int stayed = 0;
            foreach (int fd in _fdCounts[i].Open)
            {
                if (!_fdCounts[i - 1].Open.Contains(fd) && _fdCounts.Skip(i).All(c => c.Open.Contains(fd)))
                {
                    stayed++;
                }
            }

            growth.Add(stayed);
        }

        if (growth.Count >= 2)
        {
            var last = _fdCounts[^1];
            Emit(new FdGrowthObserved(last.Seq, last.Iteration, [.. growth]));
        }
    }
}
