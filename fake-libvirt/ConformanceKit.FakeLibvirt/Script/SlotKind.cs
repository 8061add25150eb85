namespace ConformanceKit.FakeLibvirt.Script;

/// <summary>The kind of real fd pair behind a slot, and which end the loop watches.</summary>
public enum SlotKind
{
    /// <summary>AF_UNIX stream socketpair; the loop watches one end, the core holds the other.</summary>
    SocketPair,

    /// <summary>Pipe; the loop watches the read end, the core holds the write end (close gives Hangup).</summary>
    PipeReadEnd,

    /// <summary>Pipe; the loop watches the write end, the core holds the read end (close gives Error).</summary>
    PipeWriteEnd,

    /// <summary>An eventfd the core signals; one fd per watch, for scale.</summary>
    EventFd,
}
