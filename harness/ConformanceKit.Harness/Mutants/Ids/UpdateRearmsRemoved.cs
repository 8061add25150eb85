namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>update of a removed id brings the registration back: a loop with lazy deletion whose
/// update sets the new mask or frequency and clears the "deleted" mark. The ff has already been
/// called by then, so libvirt gets callbacks with a freed opaque.</summary>
[Mutant("update-rearms-removed", "update after remove brings the registration back", "IDS-6")]
internal sealed class UpdateRearmsRemoved(TimeProvider time) : RenumberingLoop(time)
{
    private readonly Dictionary<int, (int Fd, HandleCallback Callback, object? Opaque)> _watches = [];
    private readonly Dictionary<int, (TimeoutCallback Callback, object? Opaque)> _timers = [];
    private int _nextWatch;
    private int _nextTimer;

    protected override int Issue(IdSpace space, int inner) => space == Watches ? ++_nextWatch : ++_nextTimer;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = base.AddHandle(fd, events, callback, opaque, ff);
        if (id > 0)
        {
            _watches[id] = (fd, callback, opaque);
        }

        return id;
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = base.AddTimeout(frequency, callback, opaque, ff);
        if (id > 0)
        {
            _timers[id] = (callback, opaque);
        }

        return id;
    }

    /// <summary>The bug: the removed entry is still in the table, and update revives it.</summary>
    protected override void UpdateOfUnknown(IdSpace space, int id, int value)
    {
        if (space == Watches && _watches.TryGetValue(id, out var w))
        {
            int inner = Inner.AddHandle(w.Fd, (HandleEvents)value, (_, f, ev, o) => w.Callback(id, f, ev, o), w.Opaque, null);
            if (inner > 0)
            {
                Rebind(space, id, inner);
            }
        }
        else if (space == Timers && _timers.TryGetValue(id, out var t))
        {
            int inner = Inner.AddTimeout(value, (_, o) => t.Callback(id, o), t.Opaque, null);
            if (inner > 0)
            {
                Rebind(space, id, inner);
            }
        }
    }
}
