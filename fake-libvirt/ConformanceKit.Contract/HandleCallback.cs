namespace ConformanceKit;

/// <summary>
/// What a loop calls when a watched fd is ready: libvirt's
/// <c>virEventHandleCallback</c>.
/// </summary>
/// <param name="watch">The id that <see cref="EventImpl.AddHandle"/> returned (HANDLE-7).</param>
/// <param name="fd">The fd the watch was added with (HANDLE-7).</param>
/// <param name="events">What the fd reports: never empty, and only bits of the current mask plus Error/Hangup (HANDLE-2).</param>
/// <param name="opaque">The very object given to add (HANDLE-7).</param>
public delegate void HandleCallback(int watch, int fd, HandleEvents events, object? opaque);
