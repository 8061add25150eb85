using System.Globalization;
using ConformanceKit.Tests.Engine;
using ConformanceKit.Tests.Threaded;

namespace ConformanceKit.Tests.Isolation;

/// <summary>Issue 16 item 3: every isolated worker runs under a memory limit. A loop that allocates
/// (and touches) 2 GB per AddTimeout gets crash "out of memory (limit 256 MB)" for the cases that
/// add a timer, the others are still judged, and no worker ever holds much more than the limit;
/// whether the 2 GB are managed or native.</summary>
public sealed class MemoryLimitTests
{
    private static readonly string TestDll = typeof(MemoryLimitTests).Assembly.Location;

    [Theory]
    [InlineData(typeof(MemoryHogLoop))]        // managed: the GC heap hard limit stops it
    [InlineData(typeof(NativeMemoryHogLoop))]  // native: RLIMIT_DATA stops it
    public void ALoopBeyondTheLimit_IsACrashSayingOutOfMemory_AndTheMachineKeepsItsMemory(Type loop)
    {
        long peakKb = 0;
        using var stop = new CancellationTokenSource();
        Task? watch = null;
        var report = CliProcess.CertifyReportWatching(
            pid => watch = Task.Run(() => peakKb = PeakOfWorkers(pid, stop.Token)),
            [1],
            "--loop", $"assembly:{TestDll}:{loop.FullName}", "--memory-limit", "256",
            "--tier", "deterministic", "--rules", "TIMER-2,IDS-1", "--runs", "0", "--timeout", "2");
        stop.Cancel();
        watch?.Wait();

        Assert.Equal("crash", CliProcess.Verdict(report, "TIMER-2"));
        string note = CliProcess.Note(report, "TIMER-2");
        Assert.Contains("out of memory (limit 256 MB)", note, StringComparison.Ordinal);
        Assert.Contains("named case TIMER-2/", note, StringComparison.Ordinal);
        Assert.Equal("pass", CliProcess.Verdict(report, "IDS-1")); // watches only: judged in a fresh worker
        // Without the bound one worker would touch 2 GB at its first timer; with it, it never
        // gets near (the bound counts reserved memory, resident memory stays below it).
        Assert.True(peakKb > 0, "no worker was seen");
        Assert.True(peakKb < 512 * 1024, $"a worker reached {peakKb / 1024} MB resident");
    }

    [Theory]
    [InlineData("10")]
    [InlineData("abc")]
    [InlineData("-1")]
    public void ABadLimit_IsOneLineAndExit2(string mb)
    {
        var (exit, stdout, stderr) = CliProcess.Run("certify", "--loop", "reference", "--memory-limit", mb, "--runs", "0", "--rules", "IDS-1", "--out", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("--memory-limit", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ALimitWithoutIsolation_IsOneLineAndExit2()
    {
        var (exit, _, stderr) = CliProcess.Run("certify", "--loop", "reference", "--memory-limit", "512", "--isolate", "false", "--runs", "0", "--rules", "IDS-1", "--out", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.Contains("--memory-limit", stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    /// <summary>The largest resident size (VmHWM, kB) of the workers of tool process
    /// <paramref name="pid"/> (their request files carry its pid), sampled until cancelled.</summary>
    private static long PeakOfWorkers(int pid, CancellationToken stop)
    {
        long peak = 0;
        string mark = $"conformancekit-worker-{pid}-";
        while (!stop.IsCancellationRequested)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(mark, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    foreach (var line in File.ReadLines(Path.Combine(dir, "status")).Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)))
                    {
                        peak = Math.Max(peak, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // the process ended while it was read
                }
            }

            stop.WaitHandle.WaitOne(20);
        }

        return peak;
    }
}
