namespace ConformanceKit.Harness.Mutants.Free;

/// <summary>Calls the free callback without checking it for null: removing a registration that was
/// added with a null ff (libvirt passes NULL for many of its own) makes the loop throw a
/// NullReferenceException from its clean-up, out of RunOnce.</summary>
[Mutant("null-ff-crash", "throws on a null ff", "FREE-8")]
internal sealed class NullFfCrash(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, callback, opaque, o => ff!(o)); // the bug: no null check

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, callback, opaque, o => ff!(o));
}
