using BenchmarkDotNet.Attributes;
using ConformanceKit.Native;
using ConformanceKit.Reference;
using Microsoft.Extensions.Time.Testing;

namespace ConformanceKit.Benchmarks;

/// <summary>One iteration with N idle Readable watches (eventfds never signalled) plus one fd
/// that is always ready, for the reference loop and, side by side, for libvirt 9.0.0's own default
/// loop driven through its public virEvent* API (LIBVIRT-FACTS.md saw 9 us at N = 10, 163 us at
/// 1,000, 4.5 ms at 9,000). Target: for the reference loop, N = 10,000 costs at most twice N = 10.</summary>
/// <remarks>libvirt takes one loop per process; BenchmarkDotNet runs every case in a process of its
/// own, so each libvirt case registers libvirt's loop once, in its global setup.</remarks>
[ShortRunJob]
[MemoryDiagnoser]
public class IdleWatchesBenchmarks
{
    private readonly List<int> _fds = [];
    private EventImpl _loop = null!;
    private int _calls;

    [Params(10, 1_000, 10_000)]
    public int N { get; set; }

    [Params("reference", ConformanceKit.Libvirt.LibvirtDefaultLoop.Spec)]
    public string Loop { get; set; } = "reference";

    [GlobalSetup]
    public void Setup()
    {
        _loop = Loop == "reference" ? new ReferenceEventLoop(new FakeTimeProvider()) : new ConformanceKit.Libvirt.LibvirtDefaultLoop();
        for (int i = 0; i < N; i++)
        {
            int idle = Fd.EventFd();
            _fds.Add(idle);
            _loop.AddHandle(idle, HandleEvents.Readable, static (_, _, _, _) => { }, null, null);
        }

        // Signalled once and never drained: readable on every iteration (level-triggered).
        int ready = Fd.EventFd();
        _fds.Add(ready);
        Fd.Signal(ready);
        _loop.AddHandle(ready, HandleEvents.Readable, (_, _, _, _) => _calls++, null, null);
    }

    [Benchmark]
    public void RunOnce() => _loop.RunOnce(TimeSpan.Zero);

    [GlobalCleanup]
    public void Cleanup()
    {
        _loop.Dispose();
        foreach (int fd in _fds)
        {
            Fd.Close(fd);
        }

        _fds.Clear();
        if (_calls == 0)
        {
            throw new InvalidOperationException("the ready watch was never called: the benchmark measured nothing");
        }
    }
}
