using System.Collections.Concurrent;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Mutants;

/// <summary>Certifications of the mutants in this process, each made once and shared by the tests
/// that look at it (conviction, counterexample size).</summary>
internal static class MutantRuns
{
    /// <summary>Generated scenarios per certification. The named cases convict every mutant but
    /// ff-inside-callback before any generated run; that one needs 9.5 runs in the median and at
    /// most 65 over 20 seeds (docs/mutants.md; it convicts on seeds 1..3 within 50). 50 keeps the suite near half a minute on two cores.</summary>
    public const int Runs = 50;

    /// <summary>Three seeds: every mutant but ff-inside-callback is convicted by the named cases,
    /// whatever the seed, so more seeds bought little for their cost (five cost 7 minutes of test
    /// time on a loaded 2-core machine).</summary>
    public static readonly ulong[] Seeds = [1, 2, 3];

    private static readonly ConcurrentDictionary<(string Loop, ulong Seed), Lazy<CertificationResult>> Cache = new();

    /// <summary>Mutants whose bug shows in the deterministic tier and that may run in this process:
    /// not the threaded ones (their tier has its own tests), not the isolated one (it kills the
    /// process), not hang (it has no rule; <see cref="HangAndCrashTests"/>), not the one whose rule
    /// counts the process's fds (fd-per-add: this test host's other threads move the count; it is
    /// convicted through the CLI in ContractVersion2Tests).</summary>
    public static IEnumerable<MutantInfo> InProcess =>
        MutantCatalogue.All.Where(m => !m.Threaded && !m.Isolated && !m.CountsProcessFds && m.Rules.Length > 0);

    public static TheoryData<string> InProcessNames => [.. InProcess.Select(m => m.Name)];

    public static MutantInfo Get(string name) => MutantCatalogue.Find(name) ?? throw new InvalidOperationException($"no mutant {name}");

    /// <summary>The deterministic-tier certification of <paramref name="loop"/> ("reference" or a
    /// mutant name) with <paramref name="seed"/>, made on first use.</summary>
    public static CertificationResult Certify(string loop, ulong seed) =>
        Cache.GetOrAdd((loop, seed), k => new Lazy<CertificationResult>(() => Run(k.Loop, k.Seed))).Value;

    /// <summary>Fail, non-strict or crash: the rule found something against the loop.</summary>
    public static bool Failing(Verdict v) => v is Verdict.Fail or Verdict.NonStrict or Verdict.Crash;

    public static string Table(CertificationResult r) =>
        string.Join(", ", r.Rules.Where(x => Failing(x.Verdict) || x.Verdict == Verdict.Hang).Select(x => $"{x.Rule.Id} {VerdictText.Of(x.Verdict)}"));

    private static CertificationResult Run(string loop, ulong seed)
    {
        Func<TimeProvider, EventImpl> create = loop == "reference"
            ? t => new ConformanceKit.Reference.ReferenceEventLoop(t)
            : Get(loop).Create;
        string spec = loop == "reference" ? loop : "mutant:" + loop;
        return new Certifier(create, TimeProvider.System).Run(new CertifyOptions(spec, Seed: seed, Runs: Runs, Tier: TierChoice.Deterministic));
    }
}
