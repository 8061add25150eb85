#pragma warning disable RS0030 // wall clock allowed in this file: the mutant hangs for real, so that the watchdog has something to catch

namespace ConformanceKit.Harness.Mutants.Life;

/// <summary>RunOnce never returns: it blocks forever on a wait nothing ends (without using the
/// CPU), as a loop does that waits on a condition nobody signals or polls with an infinite
/// timeout and an empty set. Its verdict is hang, not a rule.</summary>
[Mutant("hang", "RunOnce never returns (blocks forever without burning CPU); verdict: hang")]
internal sealed class Hang(TimeProvider time) : DecoratedLoop(time)
{
    public override void RunOnce(TimeSpan maxWait) => System.Threading.Thread.Sleep(Timeout.Infinite); // the bug
}
