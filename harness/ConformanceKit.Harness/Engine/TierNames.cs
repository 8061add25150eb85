namespace ConformanceKit.Harness.Engine;

/// <summary>The tiers' names as the CLI, reports and counterexample files spell them: one place
/// (they were string literals in several files).</summary>
public static class TierNames
{
    /// <summary>Named cases and generated scenarios on the virtual clock.</summary>
    public const string Deterministic = "deterministic";

    /// <summary>The deterministic tier's cases run on the system clock, for a loop with no
    /// TimeProvider constructor (its counterexamples carry this tier).</summary>
    public const string RealClock = "real-clock";

    /// <summary>Real threads against the loop (THREAD-*, FREE-5).</summary>
    public const string Threaded = "threaded";

    /// <summary>Real libvirt drives the loop.</summary>
    public const string Native = "native";
}
