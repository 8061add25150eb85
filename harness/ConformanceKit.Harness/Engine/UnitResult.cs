using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>What one work unit produced: everything the certifier aggregates, and nothing that
/// cannot cross a process boundary as JSON (isolated runs stream these from a child).</summary>
/// <param name="Crashed">The process running the unit died (native crash, FailFast, stack overflow).</param>
/// <param name="Counterexamples">Counterexamples made from this unit, for rules that had none yet.</param>
/// <param name="Latencies">THREAD-2 wake-up latencies measured (ms; null: never woke).</param>
/// <param name="LeakedFds">Fds open after the unit that were not before it (loop and harness).</param>
public sealed record UnitResult(
    WorkUnit Unit,
    bool Hung,
    bool Crashed,
    string TraceHash,
    ImmutableArray<Finding> Findings,
    ImmutableDictionary<string, int> Checks,
    ImmutableDictionary<string, long> JudgeTicks,
    ImmutableDictionary<string, long> ShrinkTicks,
    ImmutableArray<Counterexample> Counterexamples,
    ImmutableArray<double?> Latencies,
    int LeakedFds)
{
    /// <summary>For a unit that hung or crashed: what ended it (a signal, a FailFast message, an
    /// exception, out of memory, a deadline), in which case and step, and the command that runs
    /// it again; null otherwise. Said where it is read (<see cref="Explain"/>), so the command is
    /// the one that works there.</summary>
    [JsonIgnore]
    public string? Reason => Cause is null ? null : Explain(Cause, Place, Rerun);

    /// <summary>What ended the unit ("the loop did not return within 3 s",
    /// "Environment.FailFast(...)"); null for a unit that did not hang or crash.</summary>
    public string? Cause { get; init; }

    /// <summary>Where in the unit it ended: its case and step ("named case X, step 3 of 5 (iterate)").</summary>
    public string? Place { get; init; }

    /// <summary>The certify arguments that run the unit again (<see cref="UnitPlace.Rerun"/>).</summary>
    public string? Rerun { get; init; }

    /// <summary>A threaded unit whose loop never came back from RunOnce when asked to stop: the
    /// unit was judged, but its loop thread is stuck (the same sign as a hang, see
    /// <see cref="ShortCut"/>).</summary>
    public bool LoopStuck { get; init; }

    /// <summary>A native case that could not run here (its private libvirtd did not start), in one
    /// line: no evidence about the loop, reported as not-run, never as a pass.</summary>
    public string? NotRunReason { get; init; }

    /// <summary>The loop's choices where the contract leaves one (<see cref="ScenarioOutcome.Choices"/>).</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Choices { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;

    /// <summary>The reference loop's choices on the same scenario; null when the reference did not
    /// run it (threaded and native units, a loop whose constructor threw).</summary>
    public ImmutableDictionary<string, ImmutableArray<string>>? ReferenceChoices { get; init; }

    /// <summary>Scenarios the reference loop failed (<see cref="ReferenceRun"/>): a harness failure,
    /// never a finding against the loop.</summary>
    public ImmutableArray<Counterexample> ReferenceFailures { get; init; } = [];

    /// <summary>What a real-clock unit measured for the report's plots (<see cref="Measurements"/>);
    /// empty for a unit on the virtual clock.</summary>
    public ImmutableArray<Measurement> Measurements { get; init; } = [];

    public IEnumerable<Finding> Failures => Findings.Where(f => f.Severity != Severity.Observation);

    public ScenarioOutcome AsOutcome() =>
        new([], TraceHash, Findings, Checks, Hung) { JudgeTicks = JudgeTicks };

    public static UnitResult Died(WorkUnit unit, bool hung, string? cause = null, string? place = null, string? rerun = null) =>
        new(unit, hung, !hung, string.Empty, [], ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, long>.Empty,
            ImmutableDictionary<string, long>.Empty, [], [], 0)
        {
            Cause = cause,
            Place = place,
            Rerun = rerun,
        };

    /// <summary>"{cause}, in {place}; replay: {the tool} certify {rerun}".</summary>
    public static string Explain(string cause, string? place, string? rerun) =>
        cause + (place is null ? string.Empty : $", in {place}") + (rerun is null ? string.Empty : $"; replay: {ToolCommand.Certify(rerun)}");
}
