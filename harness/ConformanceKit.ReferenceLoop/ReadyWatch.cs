namespace ConformanceKit.Reference;

/// <summary>A watch whose fd epoll reported at the start of dispatch, with what it reported.
/// The callback's events are recomputed from the watch's mask at the moment of the call.</summary>
internal readonly record struct ReadyWatch(Watch Watch, HandleEvents Reported) : IComparable<ReadyWatch>
{
    /// <summary>Ready watches are called in ascending id order, so a seed replays byte for
    /// byte whatever order the kernel listed the fds in (HANDLE-9).</summary>
    public int CompareTo(ReadyWatch other) => Watch.Id.CompareTo(other.Watch.Id);
}
