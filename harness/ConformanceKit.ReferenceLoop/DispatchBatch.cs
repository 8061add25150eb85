namespace ConformanceKit.Reference;

/// <summary>The snapshot one iteration dispatches from: what was ready and due when dispatch
/// started. The outermost RunOnce reuses one batch, so a steady-state iteration allocates nothing.</summary>
internal sealed class DispatchBatch
{
    public List<TimerSlot> Timers { get; } = [];

    public List<ReadyWatch> Watches { get; } = [];

    public void Clear()
    {
        Timers.Clear();
        Watches.Clear();
    }
}
