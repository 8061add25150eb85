namespace ConformanceKit.FakeLibvirt.Script;

/// <summary>What the core, as the far end, does to a slot's fd pair.</summary>
public enum FdAction
{
    /// <summary>Write bytes towards the loop's end: it becomes readable.</summary>
    WriteToLoop,

    /// <summary>Read everything pending at the loop's end: it stops being readable.</summary>
    DrainLoopEnd,

    /// <summary>Write from the loop's end until the buffer is full: it stops being writable.</summary>
    FillLoopEnd,

    /// <summary>Read everything at the far end: the loop's end is writable again.</summary>
    DrainFarEnd,

    /// <summary>shutdown(SHUT_WR) of the far end: the loop's end reads EOF (no Hangup).</summary>
    ShutdownFarWrite,

    /// <summary>Close the far end: Hangup on a socket or a pipe's read end, Error on a pipe's write end.</summary>
    CloseFarEnd,

    /// <summary>Close the loop's own fd while it is registered (LIFE-3). Never generated: a closed
    /// number can be handed out again by the kernel, so only a named case uses it.</summary>
    CloseLoopEnd,
}
