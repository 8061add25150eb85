using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;
using ConformanceKit.Reference;
using ConformanceKit.Reports;

namespace ConformanceKit.Tests.Reports;

/// <summary>Certifications made once for all report tests (in-process, deterministic tier, a short
/// run): the reference loop, three mutants, the reference in two shards and merged, and a run
/// stopped at once (partial). Each is written into its own temporary folder.</summary>
internal static class ReportRuns
{
    public const int Runs = 60;

    private static readonly Lazy<Written> Reference = new(() => Write("reference", Certify("reference", new CertifyOptions("reference", Runs: Runs, Tier: TierChoice.Deterministic))));

    private static readonly Lazy<Written> FfInsideRemove = new(() => WriteMutant("ff-inside-remove"));

    private static readonly Lazy<Written> NoHangup = new(() => WriteMutant("no-hangup-unless-asked"));

    private static readonly Lazy<Written> FfLate = new(() => WriteMutant("ff-late"));

    private static readonly Lazy<Written> Partial = new(() =>
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var o = new CertifyOptions("reference", Runs: Runs, Tier: TierChoice.Deterministic);
        return Write("partial", new Certifier(t => new ReferenceEventLoop(t), TimeProvider.System).Run(o, null, stop.Token));
    });

    /// <summary>The reference on the threaded tier alone (three schedules): what the timing plots draw.</summary>
    private static readonly Lazy<Written> ThreadedReference = new(() =>
        Write("threaded", Certify("reference", new CertifyOptions("reference", Tier: TierChoice.Threaded, Schedules: 3))));

    public static Written Ref => Reference.Value;

    public static Written Threaded => ThreadedReference.Value;

    public static Written Ff => FfInsideRemove.Value;

    public static Written Hangup => NoHangup.Value;

    /// <summary>Certified with a remark: FREE-6 (SHOULD) is non-strict.</summary>
    public static Written Late => FfLate.Value;

    public static Written Stopped => Partial.Value;

    public static IEnumerable<Written> All => [Ref, Ff, Hangup, Stopped];

    /// <summary>Certifies shard <paramref name="i"/> of <paramref name="n"/> of a mutant into a fresh folder.</summary>
    public static Written Shard(string loop, int i, int n, ulong seed = CertifyOptions.DefaultSeed)
    {
        var o = new CertifyOptions(loop, seed, Runs, Shard: new Shard(i, n), Tier: TierChoice.Deterministic);
        return Write($"shard{i}of{n}", Certify(loop, o));
    }

    public static CertificationResult Certify(string loop, CertifyOptions o)
    {
        Func<TimeProvider, EventImpl> create = loop == "reference" ? t => new ReferenceEventLoop(t) : MutantCatalogue.Find(loop["mutant:".Length..])!.Create;
        return new Certifier(create, TimeProvider.System).Run(o);
    }

    private static Written WriteMutant(string name) =>
        Write(name, Certify("mutant:" + name, new CertifyOptions("mutant:" + name, Runs: Runs, Tier: TierChoice.Deterministic)));

    private static Written Write(string name, CertificationResult r)
    {
        string dir = Repo.NewTempDir(name);
        ReportWriter.WriteAll(r, dir);
        return new Written(dir, r);
    }

    internal sealed record Written(string Dir, CertificationResult Result)
    {
        public string File(string name) => Path.Combine(Dir, name);
    }
}
