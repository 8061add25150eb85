namespace ConformanceKit.Harness.Mutants.Ids;

/// <summary>After an add that failed (returned -1) the loop still "cleans up" the registration at
/// the end of the next iteration and calls its ff. libvirt frees the opaque itself when add fails,
/// so this is a double free.</summary>
[Mutant("failed-add-calls-back", "an add that returned -1 later calls its ff", "IDS-7")]
internal sealed class FailedAddCallsBack(TimeProvider time) : DecoratedLoop(time)
{
    private readonly List<(FreeCallback Ff, object? Opaque)> _cleanup = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Failed(Inner.AddHandle(fd, events, callback, opaque, ff), ff, opaque);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Failed(Inner.AddTimeout(frequency, callback, opaque, ff), ff, opaque);

    protected override void AfterIteration()
    {
        var due = _cleanup.ToArray();
        _cleanup.Clear();
        foreach (var (ff, opaque) in due)
        {
            FreeCallbackOpaque(ff, opaque);
        }
    }

    private int Failed(int id, FreeCallback? ff, object? opaque)
    {
        if (id == -1 && ff is not null)
        {
            _cleanup.Add((ff, opaque)); // the bug: the half-made registration is freed like a removed one
        }

        return id;
    }
}
