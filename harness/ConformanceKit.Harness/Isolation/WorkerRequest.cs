using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Harness.Isolation;

/// <summary>What a parent asks a child worker to run: the certification's options, where in the
/// plan to start, and which rules already have a counterexample.</summary>
public sealed record WorkerRequest(CertifyOptions Options, int StartAt, bool SkipGenerated, IReadOnlyList<string> Have);
