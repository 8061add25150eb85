namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Calls the ff synchronously inside remove: the bug that deadlocked libvirt in
/// libvirt-python, libvirt-glib and a Perl IO::Async loop.</summary>
[Mutant("ff-inside-remove", "calls ff synchronously inside remove", "FREE-3")]
internal sealed class FfInsideRemove(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<(bool Timer, int Id), (FreeCallback? Ff, object? Opaque)> _frees = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(false, Inner.AddHandle(fd, events, callback, opaque, null), ff, opaque);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(true, Inner.AddTimeout(frequency, callback, opaque, null), ff, opaque);

    public override int RemoveHandle(int watch) => FreeNow(false, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => FreeNow(true, timer, Inner.RemoveTimeout(timer));

    private int Keep(bool timer, int id, FreeCallback? ff, object? opaque)
    {
        if (id > 0)
        {
            _frees[(timer, id)] = (ff, opaque);
        }

        return id;
    }

    private int FreeNow(bool timer, int id, int result)
    {
        if (result == 0 && _frees.Remove((timer, id), out var f))
        {
            FreeCallbackOpaque(f.Ff, f.Opaque); // the bug: still inside remove
        }

        return result;
    }
}
