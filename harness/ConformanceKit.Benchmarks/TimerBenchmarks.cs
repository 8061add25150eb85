using BenchmarkDotNet.Attributes;
using ConformanceKit.Reference;
using Microsoft.Extensions.Time.Testing;

namespace ConformanceKit.Benchmarks;

/// <summary>One iteration with 10,000 timers armed far in the future plus one frequency-0
/// timer: the heap must make the idle timers cost nothing per iteration.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private ReferenceEventLoop _loop = null!;
    private int _fired;

    [Params(10_000)]
    public int Timers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _loop = new ReferenceEventLoop(new FakeTimeProvider());
        for (int i = 0; i < Timers; i++)
        {
            // One hour and up: never due while the virtual clock stands still.
            _loop.AddTimeout(3_600_000 + i, static (_, _) => { }, null, null);
        }

        _loop.AddTimeout(0, (_, _) => _fired++, null, null);
    }

    [Benchmark]
    public void RunOnce() => _loop.RunOnce(TimeSpan.Zero);

    [GlobalCleanup]
    public void Cleanup()
    {
        _loop.Dispose();
        if (_fired == 0)
        {
            throw new InvalidOperationException("the frequency-0 timer never fired: the benchmark measured nothing");
        }
    }
}
