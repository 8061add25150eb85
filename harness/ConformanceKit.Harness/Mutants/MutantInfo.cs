using System.Collections.Immutable;

namespace ConformanceKit.Harness.Mutants;

/// <summary>One entry of the mutant catalogue.</summary>
public sealed record MutantInfo(string Name, ImmutableArray<string> Rules, string Description, bool Threaded, Func<TimeProvider, EventImpl> Create)
{
    /// <summary>Must never run in-process (see <see cref="MutantAttribute.Isolated"/>).</summary>
    public bool Isolated { get; init; }

    /// <summary>Judged by counting the process's fds (see <see cref="MutantAttribute.CountsProcessFds"/>).</summary>
    public bool CountsProcessFds { get; init; }
}
