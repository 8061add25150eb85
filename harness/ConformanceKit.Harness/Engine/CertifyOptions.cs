namespace ConformanceKit.Harness.Engine;

/// <summary>What a certification runs.</summary>
/// <param name="Loop">The loop spec, as given on the command line.</param>
/// <param name="Seed">Fixes every generated scenario.</param>
/// <param name="Runs">Generated scenarios after the named cases.</param>
/// <param name="MaxSteps">Longest generated scenario.</param>
/// <param name="RuleIds">Judge only these rules (null: all).</param>
/// <param name="CaseTimeout">Deadline of one scenario before it is a hang.</param>
/// <param name="OutDir">Report folder (default reports/out/&lt;loop&gt;/).</param>
/// <param name="Shard">Which part of the plan to run (default all of it).</param>
/// <param name="Tier">Which tiers to run (default both).</param>
/// <param name="Schedules">How many times each threaded case runs.</param>
/// <param name="IsolationWorker">Path of the conformancekit tool assembly: when set, the loop runs in
/// child processes started from it, so a crash or an uninterruptible hang costs one unit.</param>
/// <param name="WorkerAssembly">Path of the conformancekit tool assembly for units that must run in
/// a child process even when the loop is not isolated (the native case).</param>
/// <param name="RealClock">Run the named cases and generated scenarios on the system clock (the
/// native tier, for loops that cannot take a TimeProvider, such as libvirt's own): clock moves
/// sleep, capped, and timing rules allow a 20 ms slack.</param>
/// <param name="ThreadedNotRun">Why the loop cannot run the threaded tier (a bridged loop): its
/// rules are then not-run with this reason.</param>
/// <param name="Cases">The deterministic tier's named cases, generated runs, or both (<c>--cases</c>).</param>
/// <param name="NotJudged">Rules the harness cannot judge on this loop, by id, with the reason
/// (a bridged loop polls its own copies of the fds): not-run with that reason, whatever their
/// checks saw.</param>
public sealed record CertifyOptions(
    string Loop,
    ulong Seed = CertifyOptions.DefaultSeed,
    int Runs = CertifyOptions.DefaultRuns,
    int MaxSteps = CertifyOptions.DefaultMaxSteps,
    IReadOnlyCollection<string>? RuleIds = null,
    TimeSpan? CaseTimeout = null,
    string? OutDir = null,
    Shard? Shard = null,
    TierChoice Tier = TierChoice.All,
    int Schedules = CertifyOptions.DefaultSchedules,
    string? IsolationWorker = null,
    bool RealClock = false,
    string? WorkerAssembly = null,
    string? ThreadedNotRun = null,
    IReadOnlyDictionary<string, string>? NotJudged = null,
    CaseChoice Cases = CaseChoice.All)
{
    /// <summary>The memory bound of each isolated worker, in MB (<c>--memory-limit</c>; see
    /// <see cref="Isolation.MemoryLimit"/>); null: none.</summary>
    public int? MemoryLimitMb { get; init; } = DefaultMemoryLimitMb;

    /// <summary>What <see cref="MemoryLimitMb"/> is unless set: far above a worker's needs, far
    /// below what one loop may take from a shared machine.</summary>
    public const int DefaultMemoryLimitMb = 2048;

    /// <summary>Child workers the deterministic tier's units run in at once (<c>--jobs</c>); 1: one
    /// after another, in this process unless isolated. Results are the same whatever the number
    /// (<see cref="Isolation.ParallelExecutor"/>).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary><see cref="Jobs"/> is the default (the cores), not asked for: used only for runs
    /// long enough to gain from it (<see cref="Isolation.ParallelExecutor.DefaultUnitsPerJob"/>).</summary>
    public bool JobsByDefault { get; init; }

    /// <summary>Which native cases can drive the loop (<see cref="Native.NativeDrives"/>); null: none.</summary>
    public string? NativeDrives { get; init; } = Native.NativeDrives.InProcess;

    /// <summary>Notes the report adds to judged rules, by id (<see cref="Loading.LoadedLoop.Caveats"/>).</summary>
    public IReadOnlyDictionary<string, string>? Caveats { get; init; }

    /// <summary>Which native cases <c>--tier native</c> makes (<c>--native-cases</c>).</summary>
    public NativeChoice NativeCases { get; init; } = NativeChoice.All;

    /// <summary>Generated runs by default on the real clock (each may sleep): the native tier.</summary>
    public const int DefaultRealClockRuns = 40;

    /// <summary>Each threaded case is repeated over this many schedules (plans from the seed).</summary>
    public const int DefaultSchedules = 10;

    /// <summary>Where reports and counterexamples go: <c>--out</c>, or reports/out/&lt;loop&gt;/.</summary>
    public string EffectiveOutDir => OutDir ?? Path.Combine("reports", "out", LoopDirName(Loop));

    /// <summary>A folder name for a loop spec: "mutant:ff-never" gives "mutant-ff-never".</summary>
    public static string LoopDirName(string loop)
    {
        string name = loop.StartsWith("assembly:", StringComparison.Ordinal)
            ? "assembly-" + Path.GetFileNameWithoutExtension(loop["assembly:".Length..].Split(':')[0])
            : loop;
        return new string([.. name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-')]);
    }

    public const ulong DefaultSeed = 1;

    /// <summary>500 generated scenarios: enough to convict every single-bug mutant of the
    /// catalogue on any seed tried, in a few seconds on two cores.</summary>
    public const int DefaultRuns = 500;

    public const int DefaultMaxSteps = 40;

    public static readonly TimeSpan DefaultCaseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>After this many hung generated runs the rest are skipped: each costs a deadline.</summary>
    public const int MaxGeneratedHangs = 2;

    /// <summary>After this many failing (or inconclusive) schedules a threaded case's other schedules
    /// are skipped: the failure is shown, and a loop that sleeps through changes costs patience each time.
    /// A schedule whose loop did not come back from RunOnce when asked to stop counts for all of them.</summary>
    public const int MaxThreadedFailures = 2;
}
