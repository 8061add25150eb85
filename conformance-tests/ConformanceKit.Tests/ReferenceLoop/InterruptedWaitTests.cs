using System.Diagnostics;
using System.Runtime.InteropServices;
using ConformanceKit.Reference;

namespace ConformanceKit.Tests.ReferenceLoop;

/// <summary>A signal delivered to the thread blocked in RunOnce (EINTR out of epoll_wait) does not
/// cut the wait short: an idle RunOnce(200 ms) still waits about 200 ms. A test host that starts
/// child processes gets SIGCHLD on any of its threads, so this happens for real.</summary>
public sealed partial class InterruptedWaitTests
{
    private const int SigChld = 17;

    [Fact]
    public void RunOnce_ResumesItsWaitAfterASignal()
    {
        // .NET handles SIGCHLD once the process has started a child; before that the signal is
        // ignored and interrupts nothing.
        using (var child = Process.Start("true"))
        {
            child.WaitForExit();
        }

        using var loop = new ReferenceEventLoop();
        int tid = 0;
        using var entering = new ManualResetEventSlim();
        TimeSpan waited = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            Volatile.Write(ref tid, GetTid());
            entering.Set();
            var sw = Stopwatch.StartNew();
            loop.RunOnce(TimeSpan.FromMilliseconds(200));
            waited = sw.Elapsed;
        });
        thread.Start();
        Assert.True(entering.Wait(TimeSpan.FromSeconds(5)));
        // With a handler installed, SIGCHLD interrupts a blocking system call of the thread it is
        // sent to; a few, spread over the wait.
        for (int i = 0; i < 5; i++)
        {
            Thread.Sleep(20);
            Assert.Equal(0, TgKill(Environment.ProcessId, Volatile.Read(ref tid), SigChld));
        }

        Assert.True(thread.Join(TimeSpan.FromSeconds(5)));
        Assert.True(waited >= TimeSpan.FromMilliseconds(190), $"returned after {waited.TotalMilliseconds:F0} ms");
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "tgkill")]
    private static partial int TgKill(int tgid, int tid, int sig);
}
