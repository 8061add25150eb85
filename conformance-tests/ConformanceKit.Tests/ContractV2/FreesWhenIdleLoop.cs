using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.ContractV2;

/// <summary>Holds every free callback back while anything was dispatched in the iteration, and runs
/// them at its top level in the first iteration that dispatched nothing: what libvirt 9.0.0's own
/// loops do with a removed timer's ff (a low-priority GLib idle source). Prompt it is not (FREE-6);
/// lost it is not either (FREE-2), once the harness settles the loop.</summary>
public sealed class FreesWhenIdleLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly List<Action> _held = [];
    private bool _busy;

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, e, o) =>
        {
            _busy = true;
            callback(w, f, e, o);
        }, opaque, Hold(ff));

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, (t, o) =>
        {
            _busy = true;
            callback(t, o);
        }, opaque, Hold(ff));

    protected override void BeforeIteration() => _busy = false;

    protected override void AfterIteration()
    {
        if (_busy)
        {
            return;
        }

        var due = _held.ToList();
        _held.Clear();
        foreach (var ff in due)
        {
            ff();
        }
    }

    private FreeCallback? Hold(FreeCallback? ff) => ff is null ? null : o => _held.Add(() => ff(o));
}
