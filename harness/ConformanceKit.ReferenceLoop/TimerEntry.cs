namespace ConformanceKit.Reference;

/// <summary>One timer registration. Mutable fields change only under the loop's lock.</summary>
internal sealed class TimerEntry(int id, TimeoutCallback callback, object? opaque, FreeCallback? ff)
{
    public int Id { get; } = id;

    public TimeoutCallback Callback { get; } = callback;

    public object? Opaque { get; } = opaque;

    public FreeCallback? Ff { get; } = ff;

    /// <summary>-1 disabled, 0 every iteration, N &gt; 0 every N ms.</summary>
    public int Frequency { get; set; } = -1;

    /// <summary>When a periodic timer is next due, in <see cref="LoopClock"/> ticks.</summary>
    public long DueTicks { get; set; }

    /// <summary>Bumped on every (re)arm and on removal: heap slots carrying an older value are
    /// stale and skipped (lazy deletion), so updates never search the heap.</summary>
    public int Generation { get; set; }

    /// <summary>Set once, by remove or dispose: a snapshot taken earlier must not fire it (FREE-1).</summary>
    public bool Removed { get; set; }
}
