namespace ConformanceKit.Harness.Engine;

/// <summary>Which tiers a certification runs (<c>--tier</c>).</summary>
public enum TierChoice
{
    /// <summary>Both: the deterministic tier, then the threaded tier (the default).</summary>
    All,

    /// <summary>Virtual clock, the harness steps the loop; every rule but THREAD-* and FREE-5.</summary>
    Deterministic,

    /// <summary>Real clock, the loop on its own thread; THREAD-*, FREE-5, REENTRY-3/4.</summary>
    Threaded,

    /// <summary>Real libvirt (test:///default) drives the loop through virEventRegisterImpl, in a
    /// child process: the named case <c>TIMER-5/real-libvirt-drives-loop</c>. Needs Debian's libvirt0.</summary>
    Native,
}
