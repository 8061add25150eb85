namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Never calls the free callback: every removed registration leaks its opaque. This is
/// what a binding does when it forwards add/remove to a host loop that has no notion of a free
/// callback and simply drops libvirt's ff.</summary>
[Mutant("ff-never", "never calls ff", "FREE-2")]
internal sealed class FfNever(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, callback, opaque, null); // the bug: ff dropped

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, callback, opaque, null);
}
