namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Calls the free callback twice: once when the removal is processed and once more when
/// the entry is purged, a double free of libvirt's opaque. Loops that both free on removal and
/// sweep "deleted" entries later (libvirt's poll loop has both steps) get this when the sweep
/// does not check that the ff already ran.</summary>
[Mutant("ff-twice", "calls ff twice", "FREE-2")]
internal sealed class FfTwice(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, callback, opaque, Twice(ff));

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, callback, opaque, Twice(ff));

    private FreeCallback? Twice(FreeCallback? ff) => ff is null ? null : o =>
    {
        FreeCallbackOpaque(ff, o);
        FreeCallbackOpaque(ff, o); // the bug: the sweep frees again
    };
}
