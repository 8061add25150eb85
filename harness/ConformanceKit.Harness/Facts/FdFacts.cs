namespace ConformanceKit.Harness.Facts;

/// <summary>What the kernel said of an fd the loop was given, at one of the moments HANDLE-10
/// names: while its watch lived, after remove_handle returned, after dispose.</summary>
/// <param name="Slot">The fake core's slot (never the fd number, which may differ between runs).</param>
/// <param name="When">"while live", "after remove_handle" or "after dispose".</param>
/// <param name="Status">The fd as the fake core found it.</param>
internal sealed record FdKept(int Seq, int Iteration, int Slot, string When, FakeLibvirt.Fds.FdStatus Status)
    : Fact(Seq, Iteration);

/// <summary>The loop's own fds counted before each add_handle of a repeated add/remove cycle and
/// after that registration's ff had run (LIFE-4).</summary>
/// <param name="Growth">For each cycle, how many fds appeared between the add and the ff and
/// stayed open through every later count.</param>
internal sealed record FdGrowthObserved(int Seq, int Iteration, System.Collections.Immutable.ImmutableArray<int> Growth)
    : Fact(Seq, Iteration)
{
    /// <summary>Growth that repeats: more than half the cycles (and at least two) left an fd more
    /// behind. A single cycle that grew may be the process (a lazily opened file, or another thread
    /// of a shared test process opening one), not the loop; one cycle that did not grow may be
    /// another thread closing one.</summary>
    public bool Repeats => Growth.Count(g => g > 0) is var grew && grew >= 2 && grew * 2 > Growth.Length;
}
