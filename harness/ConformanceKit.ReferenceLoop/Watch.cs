namespace ConformanceKit.Reference;

/// <summary>One handle registration. Mutable fields change only under the loop's lock.</summary>
internal sealed class Watch(int id, int fd, HandleEvents mask, HandleCallback callback, object? opaque, FreeCallback? ff)
{
    public int Id { get; } = id;

    public int Fd { get; } = fd;

    /// <summary>The current mask; <see cref="HandleEvents.None"/> makes the watch dormant.</summary>
    public HandleEvents Mask { get; set; } = mask;

    public HandleCallback Callback { get; } = callback;

    public object? Opaque { get; } = opaque;

    public FreeCallback? Ff { get; } = ff;

    /// <summary>Set once, by remove or dispose: a snapshot taken earlier must not dispatch it (FREE-1).</summary>
    public bool Removed { get; set; }
}
