using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Harness.Isolation;

/// <summary>What a parent asks a child worker to run: the certification's options, where in the
/// plan to start, and which rules already have a counterexample.</summary>
internal sealed record WorkerRequest(CertifyOptions Options, int StartAt, bool SkipGenerated, IReadOnlyList<string> Have)
{
    /// <summary>The shared file where the child keeps its position (<see cref="Breadcrumb"/>).</summary>
    public string? BreadcrumbFile { get; init; }

    /// <summary>The child's memory bound in MB (<see cref="MemoryLimit"/>); null: none.</summary>
    public int? MemoryLimitMb { get; init; }

    /// <summary>The child stops before this origin (its part of a parallel run); null: the plan's end.</summary>
    public int? EndBefore { get; init; }
}
