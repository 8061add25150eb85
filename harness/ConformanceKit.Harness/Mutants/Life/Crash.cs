namespace ConformanceKit.Harness.Mutants.Life;

/// <summary>Kills the process from its first callback (Environment.FailFast), as a native loop does
/// that dereferences a freed opaque. No exception reaches the harness: only a certification that
/// runs the loop in a separate process can report it (verdict: crash), so it is never run
/// in-process (<see cref="MutantAttribute.Isolated"/>).</summary>
[Mutant("crash", "kills the process from a callback (Environment.FailFast); needs process isolation, never run in-process; verdict: crash", Isolated = true)]
internal sealed class Crash(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (_, _, _, _) => Die(), opaque, ff);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddTimeout(frequency, (_, _) => Die(), opaque, ff);

    private static void Die() => Environment.FailFast("conformancekit crash mutant: a callback killed the process"); // the bug
}
