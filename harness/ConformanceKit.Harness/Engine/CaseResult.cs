using System.Collections.Immutable;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>One named case's result: passed when no rule found anything against the loop.</summary>
public sealed record CaseResult(string Id, string Description, string Expectation, bool Passed, bool Hung, ImmutableArray<Finding> Findings, string TraceHash)
{
    /// <summary>The loop's process died during this case (isolated runs).</summary>
    public bool Crashed { get; init; }

    /// <summary>Why the case could not run here (a native case whose private libvirtd did not
    /// start); null when it ran. A case that did not run has not passed.</summary>
    public string? NotRunReason { get; init; }
}
