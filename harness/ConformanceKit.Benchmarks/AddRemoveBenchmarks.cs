using BenchmarkDotNet.Attributes;
using ConformanceKit.Native;
using ConformanceKit.Reference;
using Microsoft.Extensions.Time.Testing;

namespace ConformanceKit.Benchmarks;

/// <summary>The cost of a registration's whole life, reported per add+remove pair: the add,
/// the remove, and the iteration that runs its free callback. Measured on a loop that already
/// holds 1,000 idle watches, so table and epoll sizes are realistic.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class AddRemoveBenchmarks
{
    private const int Batch = 100;
    private const int Background = 1_000;

    private static readonly HandleCallback NoHandle = static (_, _, _, _) => { };
    private static readonly TimeoutCallback NoTimer = static (_, _) => { };
    private static readonly FreeCallback NoFree = static _ => { };

    private readonly List<int> _fds = [];
    private ReferenceEventLoop _loop = null!;
    private int _fd;

    [GlobalSetup]
    public void Setup()
    {
        _loop = new ReferenceEventLoop(new FakeTimeProvider());
        for (int i = 0; i < Background; i++)
        {
            int idle = Fd.EventFd();
            _fds.Add(idle);
            _loop.AddHandle(idle, HandleEvents.Readable, NoHandle, null, null);
        }

        _fd = Fd.EventFd();
        _fds.Add(_fd);
    }

    /// <summary>AddHandle, RemoveHandle, then RunOnce to run the ff: one pair per iteration.</summary>
    [Benchmark]
    public void HandlePairWithItsOwnRunOnce()
    {
        int id = _loop.AddHandle(_fd, HandleEvents.Readable, NoHandle, null, NoFree);
        _loop.RemoveHandle(id);
        _loop.RunOnce(TimeSpan.Zero);
    }

    /// <summary>100 AddHandle+RemoveHandle pairs, then one RunOnce runs the 100 ffs; per pair.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void HandlePairsBatched()
    {
        for (int i = 0; i < Batch; i++)
        {
            int id = _loop.AddHandle(_fd, HandleEvents.Readable, NoHandle, null, NoFree);
            _loop.RemoveHandle(id);
        }

        _loop.RunOnce(TimeSpan.Zero);
    }

    /// <summary>100 AddTimeout+RemoveTimeout pairs (armed at 1 s), then one RunOnce; per pair.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void TimerPairsBatched()
    {
        for (int i = 0; i < Batch; i++)
        {
            int id = _loop.AddTimeout(1000, NoTimer, null, NoFree);
            _loop.RemoveTimeout(id);
        }

        _loop.RunOnce(TimeSpan.Zero);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _loop.Dispose();
        foreach (int fd in _fds)
        {
            Fd.Close(fd);
        }

        _fds.Clear();
    }
}
