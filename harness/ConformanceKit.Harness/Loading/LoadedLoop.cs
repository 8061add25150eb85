namespace ConformanceKit.Harness.Loading;

/// <summary>A loop ready to be instantiated for each run.</summary>
/// <param name="Spec">The spec it was loaded from.</param>
/// <param name="Create">Makes a fresh instance on the given clock.</param>
/// <param name="TakesTimeProvider">It has a TimeProvider constructor, so it can run on a virtual
/// clock (deterministic tier); otherwise it only runs on the real clock.</param>
/// <param name="RequiresIsolation">It must run in child processes (libvirt accepts one event loop
/// per process).</param>
public sealed record LoadedLoop(string Spec, Func<TimeProvider, EventImpl> Create, bool TakesTimeProvider, bool RequiresIsolation = false)
{
    /// <summary>Why the threaded tier cannot run this loop (a bridged loop); null when it can.
    /// Its rules are then not-run with this reason, never a pass.</summary>
    public string? ThreadedNotRun { get; init; }

    /// <summary>Rules the harness cannot judge on this loop, with the reason (see
    /// <see cref="Engine.CertifyOptions.NotJudged"/>).</summary>
    public IReadOnlyDictionary<string, string>? NotJudged { get; init; }

    /// <summary>Run in child processes unless --isolate false says otherwise (a third-party
    /// assembly: its crash must cost a case, not the run).</summary>
    public bool IsolatedByDefault { get; init; }

    /// <summary>Notes for rules whose verdict this loop's binding changes the meaning of (Perl's
    /// Sys::Virt discards what remove returns: IDS-5), by rule id; the report shows them beside the
    /// verdict (see <see cref="Engine.RuleResult.Caveat"/>).</summary>
    public IReadOnlyDictionary<string, string>? Caveats { get; init; }

    /// <summary>Which native cases can drive it (<see cref="Native.NativeDrives"/>); null: none
    /// (a Python loop: real libvirt cannot drive one here yet).</summary>
    public string? NativeDrives { get; init; } = Native.NativeDrives.InProcess;
}
