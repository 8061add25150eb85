using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Native;

/// <summary>A case of the native tier: real libvirt (Debian's libvirt0, the in-process
/// <c>test:///default</c> driver) drives the loop under test through <c>virEventRegisterImpl</c>.
/// libvirt accepts one loop per process, so native cases only run in child workers.</summary>
public abstract class NativeCase
{
    /// <summary>The tier native counterexamples carry.</summary>
    public const string TierName = "native";

    /// <summary>Stable case id, <c>RULE-N/what</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The rule the case is aimed at (its hang or crash is charged there).</summary>
    public abstract string RuleId { get; }

    public abstract string Description { get; }

    public abstract string Expectation { get; }

    /// <summary>The longest a session with a working loop may take when every wait runs to its
    /// <paramref name="deadline"/>: past it, the loop is hung.</summary>
    public abstract TimeSpan SessionBound(TimeSpan deadline);

    /// <summary>Runs the session with a fresh loop; the facts for the rules, and the trace a
    /// counterexample's story is told from (empty when libvirt could not run).</summary>
    public abstract (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline);
}

/// <summary>The native tier's cases, in origin order.</summary>
public static class NativeCases
{
    public static ImmutableArray<NativeCase> All { get; } = [new RealLibvirtCase(), new RealLibvirtThreadedCase()];

    /// <summary>The index of the case with that id, or -1.</summary>
    public static int IndexOf(string id)
    {
        for (int i = 0; i < All.Length; i++)
        {
            if (All[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }
}
