using System.Diagnostics;
using System.Text.RegularExpressions;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Tests.Cli;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Reports;

/// <summary>The README's <c>t/conformance.t</c>, taken from the README itself so that the two
/// cannot drift apart, run by Debian's real <c>prove</c> against the built tool (a short
/// deterministic run, passed through <c>prove ... ::</c> as the README says).</summary>
public sealed partial class TapProveTests
{
    private const string LoopLine = "my $loop = 'perl:lib/My/Loop.pm';";

    [Fact]
    public void Prove_PassesForACorrectPerlLoop()
    {
        var r = Prove(Dist(TheScript()));
        Assert.True(r.Exit == 0, $"prove exited {r.Exit}: {r.Out}{r.Err}");
        Assert.Contains("Result: PASS", r.Out, StringComparison.Ordinal);
        Assert.Contains($"Tests={RuleCatalogue.All.Length + 1},", r.Out, StringComparison.Ordinal);
        Assert.Contains("CERTIFIED: perl:", r.Err, StringComparison.Ordinal); // the tool's line, kept off the TAP stream
    }

    [Fact]
    public void Prove_FailsForALoopThatBreaksAMustRule_NamingItsTest()
    {
        // The distribution's loop calls the ff from inside remove (FREE-3).
        var r = Prove(Dist(TheScript(), "sub free_later { $_[0]->free_now($_[1]) }\n"));
        Assert.NotEqual(0, r.Exit);
        Assert.Contains("Result: FAIL", r.Out, StringComparison.Ordinal);
        var failed = FailedTests(r.Out);
        Assert.Contains(RuleCatalogue.All.IndexOf(RuleCatalogue.All.Single(x => x.Id == "FREE-3")) + 1, failed);
        Assert.Contains(RuleCatalogue.All.Length + 1, failed); // the certification
    }

    [Fact]
    public void Prove_FailsWhenTheToolWritesNoReport_EvenWithAnEarlierReportInTheFolder()
    {
        string dir = Dist(TheScript().Replace(LoopLine, "my $loop = 'nosuch:loop';", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(dir, "conformance-report"));
        File.WriteAllText(Path.Combine(dir, "conformance-report", "report.tap"), "TAP version 13\n1..1\nok 1 - an earlier run\n");
        var r = Prove(dir);
        Assert.NotEqual(0, r.Exit);
        Assert.Contains("Result: FAIL", r.Out, StringComparison.Ordinal);
        Assert.Contains("conformancekit exited 2 without writing", r.Out + r.Err, StringComparison.Ordinal);
    }

    /// <summary>The README's perl block that starts with "# t/conformance.t", with its loop line.</summary>
    private static string TheScript()
    {
        string readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var m = PerlBlock().Match(readme);
        Assert.True(m.Success, "README.md has no ```perl block starting with # t/conformance.t");
        Assert.Contains(LoopLine, m.Groups[1].Value, StringComparison.Ordinal);
        return m.Groups[1].Value;
    }

    /// <summary>A fresh distribution folder holding t/conformance.t and its loop, lib/My/Loop.pm:
    /// the bridge tests' TinyLoop as My::Loop, with <paramref name="bug"/> added to it.</summary>
    private static string Dist(string script, string bug = "")
    {
        string dir = Repo.NewTempDir("prove");
        Directory.CreateDirectory(Path.Combine(dir, "t"));
        Directory.CreateDirectory(Path.Combine(dir, "lib", "My"));
        File.WriteAllText(Path.Combine(dir, "t", "conformance.t"), script);
        string tiny = File.ReadAllText(Path.Combine(Bridge.BridgeRuns.PerlDir, "TinyLoop.pm"));
        File.WriteAllText(Path.Combine(dir, "lib", "My", "Loop.pm"), tiny.Replace("package TinyLoop;", "package My::Loop;", StringComparison.Ordinal).Replace("\n1;\n", "\n" + bug + "\n1;\n", StringComparison.Ordinal));
        return dir;
    }

    private static (int Exit, string Out, string Err) Prove(string dist)
    {
        Assert.True(File.Exists("/usr/bin/prove"), "Perl's prove is missing: run-tests.sh installs Debian's perl");
        var psi = new ProcessStartInfo("/usr/bin/prove") { WorkingDirectory = dist };
        foreach (var a in new[] { "t/conformance.t", "::", "--runs", "20", "--tier", "deterministic" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CONFORMANCEKIT"] = "dotnet " + Tool.Dll;
        psi.Environment["CI"] = "true";
        return TestProcess.Run(psi, "prove");
    }

    /// <summary>The numbers in prove's "Failed tests:  29-30, 46" line.</summary>
    private static HashSet<int> FailedTests(string proveOut)
    {
        var m = FailedLine().Match(proveOut);
        Assert.True(m.Success, $"no 'Failed tests:' line in: {proveOut}");
        return [.. m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries).SelectMany(part =>
        {
            var ends = part.Split('-').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return Enumerable.Range(ends[0], ends[^1] - ends[0] + 1);
        })];
    }

    [GeneratedRegex(@"```perl\n(# t/conformance\.t.*?)```", RegexOptions.Singleline)]
    private static partial Regex PerlBlock();

    [GeneratedRegex(@"Failed tests?:\s+([\d, -]+)")]
    private static partial Regex FailedLine();
}
