using BenchmarkDotNet.Attributes;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Bridge;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Loading;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Reference;

namespace ConformanceKit.Benchmarks;

/// <summary>The bridge's cost (docs/benchmarks.md): one call's round trip to the Python adapter, one
/// fresh loop (connect, fork, handshake, dispose), and 100 generated scenarios (up to 40 steps, as
/// certify makes them) checked through the bridge on the project's Python TinyPollLoop beside the
/// same scenarios on the reference loop in this process.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class BridgeBenchmarks
{
    private const int Scenarios = 100;
    private Scenario[] _scenarios = [];
    private Watchdog? _watchdog;
    private LoadedLoop? _python;
    private EventImpl? _open;
    private ScenarioJudge? _bridged;
    private ScenarioJudge? _reference;

    [GlobalSetup]
    public void Setup()
    {
        string loop = Path.Combine(RepoRoot(), "conformance-tests", "ConformanceKit.Tests", "Bridge", "python", "tiny_poll_loop.py");
        _python = LoopLoader.Load($"python:{loop}:TinyPollLoop");
        _open = _python.Create(TimeProvider.System);
        _scenarios = [.. Enumerable.Range(0, Scenarios).Select(i => ScenarioGenerator.Generate(42, i, 40))];
        _watchdog = new Watchdog(TimeSpan.FromSeconds(10));
        _bridged = new ScenarioJudge(_python.Create, RuleCatalogue.All, _watchdog);
        _reference = new ScenarioJudge(t => new ReferenceEventLoop(t), RuleCatalogue.All, _watchdog);
    }

    /// <summary>One request and its answer: an update of an id the loop does not know.</summary>
    [Benchmark]
    public void RoundTrip() => _open!.UpdateTimeout(4242, 0);

    /// <summary>A fresh loop: connect, the adapter forks a child, handshake, dispose.</summary>
    [Benchmark]
    public void FreshLoop() => _python!.Create(TimeProvider.System).Dispose();

    [Benchmark(OperationsPerInvoke = Scenarios)]
    public int GeneratedScenario_PythonThroughTheBridge() => Judge(_bridged!);

    [Benchmark(OperationsPerInvoke = Scenarios, Baseline = true)]
    public int GeneratedScenario_ReferenceInProcess() => Judge(_reference!);

    private int Judge(ScenarioJudge judge)
    {
        int n = 0;
        foreach (var s in _scenarios)
        {
            n += judge.Run(s).Findings.Length;
        }

        return n;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _open?.Dispose();
        _watchdog?.Dispose();
        BridgeAdapter.StopAll();
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ConformanceKit.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("run from the repository: ConformanceKit.sln not found above " + AppContext.BaseDirectory);
    }
}
