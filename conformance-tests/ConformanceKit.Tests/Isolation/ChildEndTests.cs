using ConformanceKit.Harness.Isolation;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Isolation;

/// <summary>What a crash verdict says ended the worker, read from what the runtime wrote as the
/// process died (the runtime's own words, as .NET 10 on Linux writes them: FailFast's message on
/// the line after "Process terminated.", exit 134 for SIGABRT).</summary>
public sealed class ChildEndTests
{
    [Fact]
    public void AWorkerKilledByItsLoop_LeavesNoCoreFile_InTheUsersFolder()
    {
        // FailFast aborts the worker (SIGABRT): with core dumps allowed and core_pattern "core",
        // a core landed in the folder the tool ran in, before the worker set RLIMIT_CORE 0.
        string dir = Directory.CreateTempSubdirectory("ck-worker-core-").FullName;
        var (exit, output, err) = CliProcess.RunAllowingCoreFiles(dir, "certify", "--loop", "mutant:crash", "--tier", "deterministic", "--rules", "HANDLE-1", "--runs", "0", "--out", Path.Combine(dir, "out"), "--quiet");
        Assert.True(exit == 1 && output.Contains(" crash", StringComparison.Ordinal), $"exit {exit}: {output}{err}");
        Assert.Empty(Directory.GetFiles(dir, "core*"));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void AWorker_CannotDumpCore_WhereverCorePatternSendsIt()
    {
        // RLIMIT_CORE 0 alone stops a core file, not a core_pattern pipe (systemd-coredump,
        // apport): the kernel streams the core to the program whatever the limit.
        string dir = Directory.CreateTempSubdirectory("ck-worker-dumpable-").FullName;
        var (exit, output, err) = CliProcess.Run("certify", "--loop", $"assembly:{typeof(RefusesToRunDumpableLoop).Assembly.Location}:{typeof(RefusesToRunDumpableLoop).FullName}",
            "--isolate", "true", "--tier", "deterministic", "--runs", "2", "--out", dir, "--quiet");
        Assert.True(exit == 0, $"exit {exit}: {output}{err}");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void FailFast_GivesItsMessageAndTheSignal_EvenOnTheSameLine()
    {
        string[] stderr = ["Process terminated. it broke", "   at System.Environment.FailFast(System.String)", "   at Loop.RunOnce()"];
        Assert.Equal("Environment.FailFast(\"it broke\") (SIGABRT)", ChildEnd.Describe(134, stderr, null, 2048));
    }

    [Fact]
    public void FailFast_WithTheMessageOnTheNextLine()
    {
        string[] stderr = ["Process terminated.", "it broke", "   at System.Environment.FailFast(System.String)"];
        Assert.Equal("Environment.FailFast(\"it broke\") (SIGABRT)", ChildEnd.Describe(134, stderr, null, 2048));
    }

    [Fact]
    public void StackOverflow_NamesTheFirstFrame()
    {
        string[] stderr = ["Stack overflow.", "Repeated 12000 times:", "--------------------------------", "   at Loop.Recurse(Int32)", "--------------------------------"];
        Assert.Equal("stack overflow, at Loop.Recurse(Int32) (SIGABRT)", ChildEnd.Describe(134, stderr, null, 2048));
    }

    [Fact]
    public void AFailedAllocation_IsOutOfMemoryWithTheLimit()
    {
        var crumbs = new Crumbs(3, 1, string.Empty, OutOfMemory: true, Text: null);
        Assert.StartsWith("out of memory (limit 256 MB)", ChildEnd.Describe(UnitWorker.OutOfMemoryExit, [], crumbs, 256), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnhandledException_IsNamedByTheChild()
    {
        var crumbs = new Crumbs(3, 1, string.Empty, OutOfMemory: false, Text: "unhandled System.InvalidOperationException: no");
        Assert.Equal("unhandled System.InvalidOperationException: no (SIGABRT)", ChildEnd.Describe(134, ["Unhandled exception. System.InvalidOperationException: no"], crumbs, 2048));
    }

    [Fact]
    public void ASignalAlone_IsNamed()
    {
        Assert.Equal("killed by SIGSEGV", ChildEnd.Describe(139, [], null, 2048));
        Assert.StartsWith("killed by SIGKILL", ChildEnd.Describe(137, [], null, 2048), StringComparison.Ordinal);
    }
}
