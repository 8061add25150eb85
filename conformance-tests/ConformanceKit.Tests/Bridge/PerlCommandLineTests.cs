using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Bridge;

/// <summary>The perl: loop kind as a Perl author meets it on the command line: include folders,
/// a counterexample that replays, every way of naming a loop that is not there (one line, exit 2),
/// and no adapter left running afterwards.</summary>
public sealed class PerlCommandLineTests
{
    [Theory]
    [InlineData("perl:", "needs a loop")]
    [InlineData("perl:/nonexistent/Loop.pm", "no such file: /nonexistent/Loop.pm")]
    [InlineData("perl:{dir}/TinyLoop.pm:No::Such", "has no package No::Such")]
    [InlineData("perl:{dir}/TinyLoop.pm:TinyLoop:no_such_step", "has no step method no_such_step")]
    [InlineData("perl:{dir}/Broken.pm", "cannot load")]
    [InlineData("perl:{dir}/NotALoop.pm", "NotALoop is not a subclass of Sys::Virt::EventImpl or Sys::Virt::Event")]
    public void ALoopThatIsNotThere_IsBadInput_InOneLine(string spec, string says)
    {
        string dir = Directory.CreateTempSubdirectory("ck-perl-bad-").FullName;
        File.WriteAllText(Path.Combine(dir, "Broken.pm"), "package Broken;\nsub new { \n1;\n");
        File.WriteAllText(Path.Combine(dir, "NotALoop.pm"), "package NotALoop;\nsub new { bless {}, shift }\nsub run_once {}\n1;\n");
        File.Copy(Path.Combine(BridgeRuns.PerlDir, "TinyLoop.pm"), Path.Combine(dir, "TinyLoop.pm"));
        var r = CliProcess.Run("certify", "--loop", spec.Replace("{dir}", dir, StringComparison.Ordinal), "--runs", "1", "--quiet");
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Out}{r.Err}");
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains(says, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err + r.Out, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void IncludeFolder_InTheSpec_FindsTheLoopsModules_AndTheCounterexampleReplaysFromElsewhere()
    {
        // lib/My/Loop.pm uses TinyLoop from another folder, named with -I: a distribution's layout.
        string dir = Directory.CreateTempSubdirectory("ck-perl-inc-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "lib", "My"));
        Directory.CreateDirectory(Path.Combine(dir, "vendor"));
        File.Copy(Path.Combine(BridgeRuns.PerlDir, "TinyLoop.pm"), Path.Combine(dir, "vendor", "TinyLoop.pm"));
        File.WriteAllText(Path.Combine(dir, "lib", "My", "Loop.pm"),
            "package My::Loop;\nuse strict;\nuse TinyLoop;\nour @ISA = ('TinyLoop');\n# FREE-3's bug\nsub free_later { $_[0]->free_now($_[1]) }\n1;\n");
        var r = CliProcess.RunIn(dir, "certify", "--loop", "perl:-Ivendor:lib/My/Loop.pm", "--runs", "5", "--out", "out", "--quiet");
        Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Out}{r.Err}");
        string cx = Path.Combine(dir, "out", "counterexamples", "FREE-3.json");
        Assert.True(File.Exists(cx), r.Out + r.Err);
        var replay = CliProcess.Run("replay", cx); // from the repository's folder, not dir
        Assert.True(replay.Exit == 1, replay.Out + replay.Err);
        Assert.Contains("FREE-3 reproduced on perl:-I" + Path.Combine(dir, "vendor"), replay.Out, StringComparison.Ordinal);
        Assert.Empty(BridgeProcesses.Naming(dir));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void NoPerlAdapter_OutlivesAnInterruptedRun()
    {
        string dir = Directory.CreateTempSubdirectory("ck-perl-int-").FullName;
        string loop = Path.Combine(dir, "TinyLoop.pm");
        File.Copy(Path.Combine(BridgeRuns.PerlDir, "TinyLoop.pm"), loop);
        var (exit, output, err) = Cli.Tool.RunInterrupted("certify: perl:", "INT",
            "certify", "--loop", $"perl:{loop}", "--runs", "100000", "--out", Path.Combine(dir, "out"));
        Assert.True(exit == 1 && output.Contains("PARTIAL", StringComparison.Ordinal), $"exit {exit}: {output}{err}");
        for (int i = 0; i < 40 && BridgeProcesses.Naming(loop).Count > 0; i++)
        {
            Thread.Sleep(50); // the adapter sees its lifeline close when the tool exits
        }

        Assert.Empty(BridgeProcesses.Naming(loop));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void ThreadedTier_IsRefused_WithTheReason()
    {
        var r = CliProcess.Run("certify", "--loop", BridgeRuns.PerlSpec("TinyLoop.pm", "TinyLoop"), "--tier", "threaded", "--quiet");
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Out}{r.Err}");
        Assert.Contains("use --tier deterministic", r.Err, StringComparison.Ordinal);
    }
}
