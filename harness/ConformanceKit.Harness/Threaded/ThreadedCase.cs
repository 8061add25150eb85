using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Model;

namespace ConformanceKit.Harness.Threaded;

/// <summary>One threaded case: a plan fixed by the seed, run with real threads against a loop
/// running on its own thread. The schedule is the machine's, not the seed's.</summary>
public abstract class ThreadedCase
{
    /// <summary>Stable id, <c>RULE-ID/short-name</c>.</summary>
    public abstract string Id { get; }

    public abstract string Description { get; }

    public abstract string Expectation { get; }

    public string RuleId => Id[..Id.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>How long any one wait inside a case may take before it counts as never
    /// (<see cref="Tolerance.ThreadedPatience"/>).</summary>
    public static readonly TimeSpan Patience = Tolerance.ThreadedPatience;

    /// <summary>Runs the case once; facts go to <paramref name="facts"/>.</summary>
    public abstract void Run(EventImpl loop, LoopHost host, int schedule, Random plan, List<Fact> facts);
}
