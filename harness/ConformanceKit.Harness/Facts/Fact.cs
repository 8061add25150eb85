namespace ConformanceKit.Harness.Facts;

/// <summary>Something the analyzer derived from a trace, with the model's context attached.
/// Rules judge facts; they never walk the trace themselves.</summary>
/// <param name="Seq">The trace position it refers to (for the counterexample's excerpt).</param>
/// <param name="Iteration">The iteration count at that point.</param>
public abstract record Fact(int Seq, int Iteration);
