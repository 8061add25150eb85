using System.Collections.Concurrent;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Tests.Bridge;

/// <summary>Certifications of the Python and Perl test loops through the bridge, in this process, each made
/// once and shared; few generated runs, to keep the suite cheap.</summary>
internal static class BridgeRuns
{
    public const int Runs = 30;

    public static string PythonDir { get; } = Path.Combine(Engine.CliProcess.RepoRoot, "conformance-tests", "ConformanceKit.Tests", "Bridge", "python");

    public static string Spec(string file, string cls) => $"python:{Path.Combine(PythonDir, file)}:{cls}";

    public static string PerlDir { get; } = Path.Combine(Engine.CliProcess.RepoRoot, "conformance-tests", "ConformanceKit.Tests", "Bridge", "perl");

    public static string PerlSpec(string file, string package) => $"perl:{Path.Combine(PerlDir, file)}:{package}";

    private static readonly ConcurrentDictionary<(string, ulong), Lazy<CertificationResult>> Cache = new();

    public static CertificationResult Certify(string spec, ulong seed = 1) =>
        Cache.GetOrAdd((spec, seed), k => new Lazy<CertificationResult>(() => Run(k.Item1, k.Item2))).Value;

    /// <summary>As certify does for a bridged loop (its options through <see cref="RunPolicy"/>):
    /// the deterministic tier (or <paramref name="tier"/>), the threaded rules not-run with the reason;
    /// the native tier's sessions <paramref name="native"/> chooses.</summary>
    public static CertificationResult Run(string spec, ulong seed, int runs = Runs, double timeoutSeconds = 5, TierChoice tier = TierChoice.Deterministic,
        NativeChoice native = NativeChoice.All, string[]? rules = null, int schedules = CertifyOptions.DefaultSchedules)
    {
        var loaded = LoopLoader.Load(spec);
        var o = new CertifyOptions(spec, Seed: seed, Runs: runs, Tier: tier, CaseTimeout: TimeSpan.FromSeconds(timeoutSeconds), RuleIds: rules, Schedules: schedules) { NativeCases = native };
        return new Certifier(loaded.Create, TimeProvider.System).Run(RunPolicy.Apply(o, loaded, null, runsGiven: true, Cli.Tool.Dll).Options);
    }
}
