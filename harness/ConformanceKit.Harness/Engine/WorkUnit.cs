namespace ConformanceKit.Harness.Engine;

/// <summary>One unit of a certification: a named case, a generated run, or one schedule of a
/// threaded case. <see cref="Origin"/> orders them and decides which shard owns them.</summary>
public sealed record WorkUnit(int Origin, UnitKind Kind, int Index, int Schedule = 0);

/// <summary>The three kinds of work.</summary>
public enum UnitKind
{
    /// <summary>A named case: <see cref="WorkUnit.Index"/> into NamedCases.All.</summary>
    NamedCase,

    /// <summary>A generated scenario: <see cref="WorkUnit.Index"/> is the run number.</summary>
    Generated,

    /// <summary>A threaded case: <see cref="WorkUnit.Index"/> into ThreadedTier.Cases, on a schedule.</summary>
    Threaded,

    /// <summary>Real libvirt drives the loop (always in a child process of its own).</summary>
    Native,
}
