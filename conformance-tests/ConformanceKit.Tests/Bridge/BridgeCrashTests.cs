using ConformanceKit.Harness.Engine;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Bridge;

/// <summary>A loop that kills or hangs its adapter costs the cases it did it in, never the run; no
/// adapter process outlives the run.</summary>
public sealed class BridgeCrashTests
{
    [Theory]
    [InlineData("ExitsInTimer", false, "(stderr empty)")]
    [InlineData("InterruptInTimer", false, "KeyboardInterrupt")]
    [InlineData("HangsInTimer", true, "hang")]
    [InlineData("SegfaultsInTimer", false, "killed by signal 11 (SIGSEGV); adapter pid")]
    [InlineData("SegfaultsInTimer", false, "Fatal Python error: Segmentation fault")]
    [InlineData("ExitsInTimer", false, "exited with status 7")]
    [InlineData("WritesGarbageInTimer", false, "protocol error: not JSON: this is not json")]
    public void AdapterDeathOrHang_CostsTheCase_AndTheRunGoesOn(string mutant, bool hang, string shown)
    {
        // Only the named cases (no generated runs): every case that adds a timer dies or hangs.
        var r = BridgeRuns.Run(BridgeRuns.Spec("mutants.py", mutant), 1, runs: 0, timeoutSeconds: 0.5);
        var hit = r.Cases.Where(c => hang ? c.Hung : c.Crashed).ToList();
        Assert.NotEmpty(hit);
        // What ended the adapter is the case's crash or hang finding, charged to the case's rule.
        Assert.All(hit, c => Assert.Contains(c.Findings, f => f.Severity is Harness.Rules.Severity.Crash or Harness.Rules.Severity.Hang && f.Actual.Contains(shown, StringComparison.Ordinal)));
        // Cases without a timer still ran on fresh adapter children and passed (the short cut may
        // leave some of the dying rules' cases unstarted; each rule still has a verdict).
        Assert.Contains(r.Cases, c => c.Passed);
        Assert.Equal(Harness.Rules.RuleCatalogue.All.Length, r.Rules.Length);
    }

    [Fact]
    public void NoAdapterProcess_OutlivesTheRun()
    {
        string dir = CopyOfTheLoops();
        string loop = Path.Combine(dir, "tiny_poll_loop.py");
        // Both tiers (the threaded tier starts adapters of its own), two schedules each: enough adapters.
        var (exit, output, err) = CliProcess.Run("certify", "--loop", $"python:{loop}:TinyPollLoop", "--runs", "5", "--schedules", "2", "--out", Path.Combine(dir, "out"), "--quiet");
        Assert.True(exit == 0, output + err);
        Assert.Empty(BridgeProcesses.Naming(loop));
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void NoAdapterProcess_OutlivesAnInterruptedRun(string signal)
    {
        string dir = CopyOfTheLoops();
        string loop = Path.Combine(dir, "tiny_poll_loop.py");
        var (exit, output, err) = Cli.Tool.RunInterrupted("certify: python:", signal,
            "certify", "--loop", $"python:{loop}:TinyPollLoop", "--runs", "100000", "--tier", "deterministic", "--out", Path.Combine(dir, "out"));
        Assert.True(exit == 1 && output.Contains("PARTIAL", StringComparison.Ordinal), $"exit {exit}: {output}{err}");
        Assert.True(File.Exists(Path.Combine(dir, "out", "report.json")), "the partial report is written");
        // The adapter sees its lifeline close when the tool exits; give it that moment.
        for (int i = 0; i < 40 && BridgeProcesses.Naming(loop).Count > 0; i++)
        {
            Thread.Sleep(50);
        }

        Assert.Empty(BridgeProcesses.Naming(loop));
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("python")]
    [InlineData("perl")]
    public void AnAdapterChild_CannotDumpCore_WhereverCorePatternSendsIt(string language)
    {
        // RLIMIT_CORE 0 alone stops a core file, not a core_pattern pipe (systemd-coredump,
        // apport): the kernel streams the core to the program whatever the limit. This loop will
        // only start in a child that is not dumpable.
        string loop = language == "perl" ? BridgeRuns.PerlSpec("Mutants.pm", "Mutants::RefusesToRunDumpable") : BridgeRuns.Spec("mutants.py", "RefusesToRunDumpable");
        string dir = Directory.CreateTempSubdirectory("ck-bridge-dumpable-").FullName;
        var (exit, output, err) = CliProcess.Run("certify", "--loop", loop, "--tier", "deterministic", "--runs", "2", "--out", dir, "--quiet");
        Assert.True(exit == 0, $"exit {exit}: {output}{err}");
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("python", "tiny_poll_loop.py:TinyPollLoop")]
    [InlineData("perl", "TinyLoop.pm")]
    public void AKilledTool_LeavesNeitherAdapterNorItsFolder(string language, string file)
    {
        // SIGKILL: no exit handler of the tool runs. The adapter's lifeline closes; it kills its
        // children and removes its folder (socket, stderr and exit files) itself.
        string dir = CopyOfTheLoops();
        string tmp = Directory.CreateDirectory(Path.Combine(dir, "tmp")).FullName;
        string loop = Path.Combine(dir, file);
        var (exit, output, err) = Cli.Tool.RunInterruptedWith(new Dictionary<string, string> { ["TMPDIR"] = tmp }, $"certify: {language}:", "KILL",
            "certify", "--loop", $"{language}:{loop}", "--runs", "100000", "--tier", "deterministic", "--out", Path.Combine(dir, "out"));
        Assert.True(exit == 137, $"exit {exit}: {output}{err}");
        for (int i = 0; i < 40 && (BridgeProcesses.Naming(dir).Count > 0 || Directory.GetDirectories(tmp, "conformancekit-bridge-*").Length > 0); i++)
        {
            Thread.Sleep(50);
        }

        Assert.Empty(BridgeProcesses.Naming(dir));
        Assert.Empty(Directory.GetDirectories(tmp, "conformancekit-bridge-*"));
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("python")]
    [InlineData("perl")]
    public void ALoopThatSegfaults_LeavesNoCoreFile_InTheUsersFolder(string language)
    {
        // core_pattern "core" writes a core into the crashing process's folder (9.6 MB of it for
        // Python here) when the adapter child has not set RLIMIT_CORE 0.
        string dir = Directory.CreateTempSubdirectory("ck-bridge-core-").FullName;
        string loop = language == "perl" ? BridgeRuns.PerlSpec("Mutants.pm", "Mutants::SegfaultsInTimer") : BridgeRuns.Spec("mutants.py", "SegfaultsInTimer");
        var (exit, output, err) = CliProcess.RunAllowingCoreFiles(dir, "certify", "--loop", loop, "--tier", "deterministic", "--rules", "IDS-2", "--runs", "0", "--out", Path.Combine(dir, "out"), "--quiet");
        Assert.True(exit == 1 && output.Contains("1 crash", StringComparison.Ordinal), $"exit {exit}: {output}{err}");
        Assert.Contains("SIGSEGV", File.ReadAllText(Path.Combine(dir, "out", "report.json")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir, "core*"));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A copy of the test loops under a unique folder, so that the adapter processes of
    /// one run can be found by their command line.</summary>
    private static string CopyOfTheLoops()
    {
        string dir = Directory.CreateTempSubdirectory("ck-bridge-life-").FullName;
        foreach (var f in Directory.GetFiles(BridgeRuns.PythonDir, "*.py").Concat(Directory.GetFiles(BridgeRuns.PerlDir, "*.pm")))
        {
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        }

        return dir;
    }
}
