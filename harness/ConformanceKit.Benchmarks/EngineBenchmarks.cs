using BenchmarkDotNet.Attributes;
using ConformanceKit.FakeLibvirt.Core;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Reference;

namespace ConformanceKit.Benchmarks;

/// <summary>The deterministic engine on the reference loop: 100 generated scenarios of exactly 50
/// steps each, (a) checked (recorded, analysed, judged by every rule), (b) recorded only, (c)
/// executed raw against the loop. Reported per scenario; overhead = checked / raw.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class EngineBenchmarks
{
    private const int Scenarios = 100;
    private const int Steps = 50;
    private Scenario[] _scenarios = [];
    private Watchdog? _watchdog;
    private ScenarioJudge? _judge;
    private System.Collections.Immutable.ImmutableArray<ConformanceKit.FakeLibvirt.Trace.TraceEvent>[] _traces = [];
    private System.Collections.Immutable.ImmutableArray<ConformanceKit.Harness.Facts.Fact>[] _facts = [];

    [GlobalSetup]
    public void Setup()
    {
        _scenarios = [.. Enumerable.Range(0, Scenarios).Select(i => ScenarioGenerator.GenerateExactly(42, i, Steps))];
        _watchdog = new Watchdog(TimeSpan.FromSeconds(10));
        _judge = new ScenarioJudge(t => new ReferenceEventLoop(t), RuleCatalogue.All, _watchdog);
        _traces = [.. _scenarios.Select(s => ScenarioRunner.Run(s, t => new ReferenceEventLoop(t)).Events)];
        _facts = [.. _traces.Select(t => ConformanceKit.Harness.Model.TraceAnalyzer.Analyze(t))];
    }

    /// <summary>One hand-off of an empty job to the watchdog's case thread and back.</summary>
    [Benchmark]
    public bool WatchdogHandOff() => _watchdog!.TryRun(static () => { });

    /// <summary>The checked run's parts, on traces recorded in setup: the trace hash ...</summary>
    [Benchmark(OperationsPerInvoke = Scenarios)]
    public int HashOnly()
    {
        int n = 0;
        foreach (var t in _traces)
        {
            n += ConformanceKit.FakeLibvirt.Trace.TraceRecorder.Hash(t).Length;
        }

        return n;
    }

    /// <summary>... the model's analysis of the trace into facts ...</summary>
    [Benchmark(OperationsPerInvoke = Scenarios)]
    public int AnalyzeOnly()
    {
        int n = 0;
        foreach (var t in _traces)
        {
            n += ConformanceKit.Harness.Model.TraceAnalyzer.Analyze(t).Length;
        }

        return n;
    }

    /// <summary>... and every rule judging the facts.</summary>
    [Benchmark(OperationsPerInvoke = Scenarios)]
    public int JudgeOnly()
    {
        int n = 0;
        foreach (var f in _facts)
        {
            n += _judge!.JudgeFacts(f).Findings.Length;
        }

        return n;
    }

    /// <summary>What certify does per generated run that the checked run above leaves out:
    /// generating the scenario (FsCheck), and counting the process's open fds twice (the fd-leak check).</summary>
    [Benchmark(OperationsPerInvoke = Scenarios)]
    public int GenerateOnly()
    {
        int n = 0;
        for (int i = 0; i < Scenarios; i++)
        {
            n += ScenarioGenerator.Generate(42, i, 40).Steps.Length;
        }

        return n;
    }

    [Benchmark]
    public int CountOpenFdsTwice() => OpenFds.Count() + OpenFds.Count();

    [GlobalCleanup]
    public void Cleanup() => _watchdog?.Dispose();

    [Benchmark(OperationsPerInvoke = Scenarios)]
    public int Checked()
    {
        int failures = 0;
        foreach (var s in _scenarios)
        {
            failures += _judge!.Run(s).Failures.Count();
        }

        return failures;
    }

    [Benchmark(OperationsPerInvoke = Scenarios)]
    public int RecordedOnly()
    {
        int events = 0;
        foreach (var s in _scenarios)
        {
            events += ScenarioRunner.Run(s, t => new ReferenceEventLoop(t)).Events.Length;
        }

        return events;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Scenarios)]
    public void Raw()
    {
        foreach (var s in _scenarios)
        {
            RawScenarioExecutor.Run(s, t => new ReferenceEventLoop(t));
        }
    }
}
