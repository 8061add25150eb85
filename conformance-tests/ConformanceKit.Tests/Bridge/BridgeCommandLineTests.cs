using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Bridge;

/// <summary>The python: loop kind as a user meets it on the command line: a module on PYTHONPATH,
/// and every way of naming a loop that is not there, each a one-line error with exit 2.</summary>
public sealed class BridgeCommandLineTests
{
    [Fact]
    public void ModuleAndClass_FromPythonPath_IsCertified()
    {
        var r = CliProcess.RunWith(new Dictionary<string, string> { ["PYTHONPATH"] = BridgeRuns.PythonDir },
            "certify", "--loop", "python:tiny_poll_loop:TinyPollLoop", "--runs", "5", "--out", Directory.CreateTempSubdirectory("ck-bridge-mod-").FullName, "--quiet");
        Assert.True(r.Exit == 0, r.Out + r.Err);
        Assert.Contains("CERTIFIED: python:tiny_poll_loop:TinyPollLoop", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoopBesideModulesNamedAsTheStandardLibrarys_IsStillCertified()
    {
        // The loop's folder goes first on sys.path: an adapter child importing resource or
        // traceback after that got the user's file (here: one that raises), and every spare died
        // before its connection came.
        string dir = Directory.CreateTempSubdirectory("ck-bridge-shadow-").FullName;
        File.Copy(Path.Combine(BridgeRuns.PythonDir, "tiny_poll_loop.py"), Path.Combine(dir, "tiny_poll_loop.py"));
        foreach (string module in new[] { "resource", "traceback" })
        {
            File.WriteAllText(Path.Combine(dir, module + ".py"), $"raise ImportError('the user\'s own {module}.py')\n");
        }

        var r = CliProcess.Run("certify", "--loop", $"python:{dir}/tiny_poll_loop.py:TinyPollLoop", "--tier", "deterministic", "--runs", "5", "--timeout", "2", "--out", Path.Combine(dir, "out"), "--quiet");
        Assert.True(r.Exit == 0, r.Out + r.Err);
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("python:", "python: needs a loop")]
    [InlineData("python:no_such_module:Loop", "No module named 'no_such_module'")]
    [InlineData("python:/nonexistent/loop.py:Loop", "no such file: /nonexistent/loop.py")]
    [InlineData("python:{dir}/tiny_poll_loop.py:NoSuchClass", "has no class NoSuchClass")]
    [InlineData("python:{dir}/tiny_poll_loop.py:TinyPollLoop:no_such_step", "has no step method no_such_step")]
    [InlineData("python:{dir}/tiny_poll_loop.py", "use libvirtaio, FILE.py:CLASS[:STEP] or MODULE:CLASS[:STEP]")]
    public void ALoopThatIsNotThere_IsBadInput_InOneLine(string spec, string says)
    {
        var r = CliProcess.Run("certify", "--loop", spec.Replace("{dir}", BridgeRuns.PythonDir, StringComparison.Ordinal), "--runs", "1", "--quiet");
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Out}{r.Err}");
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains(says, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err + r.Out, StringComparison.Ordinal);
    }
}
