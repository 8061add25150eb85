using System.Runtime.InteropServices;
using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Isolation;

/// <summary>Not a mutant: the reference, except that it will not start in a process that could
/// dump core (prctl PR_GET_DUMPABLE gives 1), as an isolation worker should not be. Loaded by the
/// tool as <c>assembly:ConformanceKit.Tests.dll:TYPE</c>.</summary>
public sealed class RefusesToRunDumpableLoop : DecoratedLoop
{
    public RefusesToRunDumpableLoop(TimeProvider time)
        : base(time)
    {
        if (Prctl(3, 0, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException("this worker can dump core");
        }
    }

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
