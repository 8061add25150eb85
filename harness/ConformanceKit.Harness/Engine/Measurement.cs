namespace ConformanceKit.Harness.Engine;

/// <summary>One number a real-clock run measured for a rule, kept for the report's plots (see
/// <see cref="Measurements"/>): a THREAD-2 wake-up latency, a TIMER-3 fire against its due time, a
/// FREE-6 count of iterations from remove to ff.</summary>
/// <param name="Series">What it belongs to: the change made (THREAD-2) or where it was measured
/// (a native case's id, or the fake core's scenarios on the real clock).</param>
/// <param name="Value">In <see cref="Measurements.UnitOf"/> the rule's unit; null: it never happened
/// (the loop never woke, the ff never ran before dispose).</param>
public sealed record Measurement(string RuleId, string Series, double? Value);
