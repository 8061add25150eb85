namespace ConformanceKit;

/// <summary>
/// The event bits of a file-handle watch, with libvirt's own values
/// (<c>VIR_EVENT_HANDLE_READABLE</c> = 1 and so on), so that a mask can cross
/// into C unchanged.
/// </summary>
/// <remarks>
/// A caller asks only for <see cref="Readable"/> and/or <see cref="Writable"/>.
/// <see cref="Error"/> and <see cref="Hangup"/> are reported for every watch with a
/// non-empty mask although nobody asks for them (HANDLE-3); a watch whose mask is
/// <see cref="None"/> is dormant (HANDLE-4).
/// </remarks>
[Flags]
public enum HandleEvents
{
    /// <summary>No event: as a mask, the watch is dormant.</summary>
    None = 0,

    /// <summary>The fd can be read without blocking (POLLIN).</summary>
    Readable = 1,

    /// <summary>The fd can be written without blocking (POLLOUT).</summary>
    Writable = 2,

    /// <summary>An error condition on the fd (POLLERR); reported unasked.</summary>
    Error = 4,

    /// <summary>The peer hung up (POLLHUP); reported unasked.</summary>
    Hangup = 8,
}
