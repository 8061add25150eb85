using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Engine;

/// <summary>A minimal failing scenario for one rule: what the counterexample file holds, and
/// everything <c>replay</c> needs to reproduce it exactly.</summary>
/// <param name="SchemaVersion">The file format's version (<see cref="CurrentSchemaVersion"/>).</param>
/// <param name="Loop">The loop spec (reference, mutant:NAME, assembly:PATH[:TYPE]).</param>
/// <param name="Seed">The certification's seed.</param>
/// <param name="Run">The generated run that failed first (-1 for a named case).</param>
/// <param name="CaseId">The named case that failed, if it was one.</param>
/// <param name="RuleId">The rule it fails.</param>
/// <param name="OriginalSize">Steps before shrinking.</param>
/// <param name="Scenario">The shrunk scenario.</param>
/// <param name="Expected">Acceptable outcomes at the failing point.</param>
/// <param name="Observed">What the loop did.</param>
/// <param name="Story">The readable account, one line per step.</param>
public sealed record Counterexample(
    int SchemaVersion,
    string Loop,
    ulong Seed,
    int Run,
    string? CaseId,
    string RuleId,
    int OriginalSize,
    Scenario Scenario,
    ImmutableArray<string> Expected,
    string Observed,
    ImmutableArray<string> Story)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>"deterministic" (a scenario to replay step by step) or "threaded" (a threaded case
    /// named by <see cref="CaseId"/>, replayed on schedule <see cref="Run"/>).</summary>
    public Tier Tier { get; init; } = Tier.Deterministic;

    /// <summary>The contract version the scenario was judged under (stamped by
    /// <see cref="CounterexampleFile.Serialize"/>); null in files written before it was recorded.
    /// A file of another version is not replayed: its rules were other rules.</summary>
    public int? ContractVersion { get; init; }

    /// <summary>The clock a deterministic-tier scenario ran on: <see cref="VirtualClock"/> (the fake
    /// core's) or <see cref="RealClock"/> (the system clock, for a loop with no TimeProvider
    /// constructor); null when not recorded (then replay decides from the loop, as certify does).</summary>
    public string? Clock { get; init; }

    /// <summary>The origin of the unit it was found in (<see cref="WorkUnit.Origin"/>): the order
    /// reports list counterexamples in; null in files written before it was recorded.</summary>
    public int? Origin { get; init; }

    public const string VirtualClock = "virtual";

    public const string RealClock = "real";

    public int Size => Scenario.Steps.Length;
}
