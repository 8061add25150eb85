using System.Collections.Immutable;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;
using ConformanceKit.Harness.Rules.Timer;

namespace ConformanceKit.Harness.Engine;

/// <summary>What the real-clock tiers measure, picked out of a unit's facts for the report to plot.
/// Only real-clock units are measured: on the virtual clock a fire's distance from its due time is
/// the scenario's clock step, not the loop's doing, and the deterministic tier judges it exactly.</summary>
public static class Measurements
{
    /// <summary>At most this many values are kept per rule (the count of all is kept beside them):
    /// enough for a histogram, small enough for report.json.</summary>
    public const int KeptPerRule = 2000;

    /// <summary>The series of the fake core's named cases and generated runs on the real clock.</summary>
    public const string RealClockScenarios = "scenarios on the real clock";

    /// <summary>The series of real libvirt's events in the native THREAD-2 case.</summary>
    public const string RealLibvirtEvents = "real libvirt: event delivered";

    /// <summary>The rules whose numbers are measured, in the order the report shows them.</summary>
    public static ImmutableArray<string> Rules { get; } = ["THREAD-2", "TIMER-3", "FREE-6"];

    /// <summary>The unit of a rule's values.</summary>
    public static string UnitOf(string ruleId) => ruleId == "FREE-6" ? "iterations" : "ms";

    /// <param name="source">The series of TIMER-3's and FREE-6's values: where they were measured.</param>
    public static ImmutableArray<Measurement> From(IEnumerable<Fact> facts, string source)
    {
        var m = ImmutableArray.CreateBuilder<Measurement>();
        foreach (var fact in facts)
        {
            switch (fact)
            {
                case WakeupMeasured w:
                    m.Add(new("THREAD-2", w.Change, w.LatencyMs is { } ms ? Math.Round(ms, 3) : null));
                    break;
                case RealLibvirtWakeObserved r:
                    m.AddRange(r.LatenciesMs.Select(ms => new Measurement("THREAD-2", RealLibvirtEvents, Math.Round(ms, 3))));
                    m.AddRange(Enumerable.Repeat(new Measurement("THREAD-2", RealLibvirtEvents, null), Math.Max(0, r.EventsExpected - r.LatenciesMs.Length)));
                    break;
                case TimerCalled c when TimerThreeJudges(c) is long due:
                    m.Add(new("TIMER-3", source, c.NowMs - due));
                    break;
                case FreeCalledFact { Phase: not ConformanceKit.FakeLibvirt.Trace.PhaseStarted.Dispose, RegBefore: { Removed: true, FreeCount: 0 } reg } f:
                    m.Add(new("FREE-6", source, f.Iteration - reg.RemovedInIteration));
                    break;
                case FreeMissing:
                    m.Add(new("FREE-6", source, null));
                    break;
            }
        }

        return m.ToImmutable();
    }

    /// <summary>The due time of a fire that TIMER-3 judges by its timing (see
    /// <see cref="Timer3PeriodicTimerFiresOnTime"/>); null for the fires it leaves to other rules: a
    /// timer a callback touched, the first fire after a throw, an update's old deadline, a huge
    /// frequency.</summary>
    private static long? TimerThreeJudges(TimerCalled c) =>
        c is { Touched: false, AfterThrow: false, AtIterationStart: { Frequency: > 0 and < Tolerance.HugeFrequencyMs, DueMs: long due } t }
        && !Timer6UpdateRestartsTheInterval.OnTimeForOldDeadline(c, t)
            ? due
            : null;
}
