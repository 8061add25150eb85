using System.Text.Json.Nodes;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Isolation;
using ConformanceKit.Tests.Engine;

namespace ConformanceKit.Tests.Isolation;

/// <summary><c>--jobs</c>: the deterministic tier's units in several child workers give the same
/// report as one job, byte for byte apart from timings and the folder names in replay commands.</summary>
public sealed class ParallelJobsTests
{
    [Theory]
    [InlineData("reference", 0, false)] // certified: every rule passes
    [InlineData("mutant:ff-inside-remove", 1, false)] // failures, shrunk counterexamples, stories
    // Hung runs: what one job skips after them, parallel jobs skip too. Isolated on both sides: a
    // hang in a child worker names the step it happened at, one in this process cannot.
    [InlineData("mutant:hang", 1, true)]
    // Bridged loops: each child worker has its adapter, and every scenario still meets a fresh loop.
    [InlineData("python:tiny_poll_loop.py:TinyPollLoop", 0, false)]
    [InlineData("perl:TinyLoop.pm", 0, false)]
    public void TwoJobs_GiveTheReportOfOneJob(string loop, int exit, bool isolated)
    {
        loop = loop.StartsWith("python:", StringComparison.Ordinal) ? "python:" + Path.Combine(Bridge.BridgeRuns.PythonDir, loop["python:".Length..])
            : loop.StartsWith("perl:", StringComparison.Ordinal) ? "perl:" + Path.Combine(Bridge.BridgeRuns.PerlDir, loop["perl:".Length..])
            : loop;
        var one = Certify(loop, 1, exit, isolated);
        var two = Certify(loop, 2, exit, isolated);
        Assert.Equal(one.Report, two.Report);
        Assert.Equal(one.Counterexamples, two.Counterexamples);
    }

    [Fact]
    public void TwoJobs_RunInTwoChildWorkersAtOnce()
    {
        // Without this, the equality above would also hold for a --jobs that did nothing.
        var seen = new HashSet<int>();
        int tool = 0;
        var watcher = new Thread(() =>
        {
            while (Volatile.Read(ref tool) >= 0)
            {
                if (Volatile.Read(ref tool) is > 0 and var parent)
                {
                    foreach (int pid in WorkersOf(parent))
                    {
                        lock (seen)
                        {
                            seen.Add(pid);
                        }
                    }
                }

                Thread.Sleep(5);
            }
        });
        watcher.Start();
        string dir = Directory.CreateTempSubdirectory("ck-jobs-").FullName;
        var r = CliProcess.Run(pid => Volatile.Write(ref tool, pid), "certify", "--tier", "deterministic", "--runs", "3000", "--jobs", "2", "--out", dir, "--quiet");
        Volatile.Write(ref tool, -1);
        watcher.Join();
        Assert.True(r.Exit == 0, r.Out + r.Err);
        Assert.True(seen.Count >= 2, $"child workers seen: {seen.Count}");
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The child workers (<c>__unit-worker</c>) of a process.</summary>
    private static IEnumerable<int> WorkersOf(int parent)
    {
        foreach (string p in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(p), out int pid))
            {
                continue;
            }

            string stat, cmdline;
            try
            {
                stat = File.ReadAllText(Path.Combine(p, "stat"));
                cmdline = File.ReadAllText(Path.Combine(p, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }

            // "pid (comm) state ppid ...": the ppid is the second field after the comm's ')'.
            string[] after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (after.Length > 1 && after[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture) && cmdline.Contains(UnitWorker.Command, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }

    [Fact]
    public void Parts_AreContiguous_CoverThePlan_AndDifferInSizeByOneAtMost()
    {
        var plan = WorkPlan.For(new CertifyOptions("reference", Runs: 37, Tier: TierChoice.Deterministic));
        var parts = ParallelExecutor.Split(plan, 3);
        Assert.Equal(3, parts.Count);
        Assert.Equal(plan.Select(u => u.Origin), parts.SelectMany(p => p).Select(u => u.Origin));
        Assert.True(parts.Max(p => p.Count) - parts.Min(p => p.Count) <= 1);
        Assert.Single(ParallelExecutor.Split(plan.Take(1).ToList(), 4));
    }

    [Fact]
    public void JobsZero_IsBadInput()
    {
        var r = CliProcess.Run("certify", "--jobs", "0", "--quiet");
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Out}{r.Err}");
        Assert.Contains("--jobs must be > 0, got 0", r.Err, StringComparison.Ordinal);
    }

    /// <summary>report.json without its timings, and every counterexample file, with the report
    /// folder written as OUT.</summary>
    private static (string Report, string[] Counterexamples) Certify(string loop, int jobs, int exit, bool isolated)
    {
        string dir = Directory.CreateTempSubdirectory("ck-jobs-").FullName;
        var r = CliProcess.Run("certify", "--loop", loop, "--tier", "deterministic", "--runs", "60", "--timeout", "1", "--isolate", isolated ? "true" : "false",
            "--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir, "--quiet");
        Assert.True(r.Exit == exit, $"--jobs {jobs}: exit {r.Exit}: {r.Out}{r.Err}");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!.AsObject();
        Untimed(report);
        string cxDir = Path.Combine(dir, "counterexamples");
        string[] cxs = Directory.Exists(cxDir)
            ? [.. Directory.GetFiles(cxDir).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + "\n" + File.ReadAllText(f).Replace(dir, "OUT", StringComparison.Ordinal))]
            : [];
        string text = report.ToJsonString().Replace(dir, "OUT", StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
        return (text, cxs);
    }

    /// <summary>Removes a report's timings (and what real-clock loops measured) in place.</summary>
    internal static void Untimed(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                // "measurements": what a loop on the real clock (the bridged ones) measured, timings too.
                foreach (string k in new[] { "started", "ended", "timing", "durationMs", "measurements" })
                {
                    o.Remove(k);
                }

                foreach (var (_, v) in o)
                {
                    Untimed(v);
                }

                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    Untimed(v);
                }

                break;
        }
    }
}
