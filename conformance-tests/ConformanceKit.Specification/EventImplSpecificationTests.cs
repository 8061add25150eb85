using System.Collections.Concurrent;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;
using Xunit;
using Xunit.Abstractions;

namespace ConformanceKit.Specification;

/// <summary>
/// The libvirt event-loop contract as xunit tests, for a loop author's own test project: derive
/// from this class, override <see cref="CreateLoop"/>, and every rule of the contract appears in
/// the test run as its own test named by its id (<c>FREE_3_NotFromInsideRemove</c>), failing with
/// the same readable story, steps and replay command that <c>conformancekit certify</c> prints.
/// </summary>
/// <remarks>
/// <para>Each test runs the certifier for its one rule (<see cref="CertifyOptions.RuleIds"/>): every
/// named case, then <see cref="GeneratedRuns"/> generated scenarios from <see cref="Seed"/>, on a
/// virtual clock, with a fresh loop from <see cref="CreateLoop"/> for each.</para>
/// <para>Outcomes, and how a runner shows them. pass: passed. fail, crash, hang: failed, with the
/// story as the message. non-strict (a SHOULD not met, or a MUST met only within a tolerance):
/// failed, unless the rule id is in <see cref="AcceptedDeviations"/>; then it is reported as
/// <em>skipped</em> with the reason "accepted deviation" and the story, never as passed. An accepted
/// deviation that the loop no longer shows fails, so the list cannot go stale. info: passed, the
/// observation written to the test output. not-run (nothing exercised the rule): skipped with the
/// reason. A MUST rule cannot be accepted as a deviation.</para>
/// <para>The threaded-tier rules (THREAD-1..3, FREE-5) need the loop on a thread of its own and
/// real time, about 40 s on two cores for all of them; they are skipped with that reason unless
/// <see cref="RunThreadedTier"/> is true (the tier then runs once per test class and each rule's
/// test reports its verdict), never shown as passed without having run.</para>
/// </remarks>
public abstract partial class EventImplSpecificationTests
{
    private static readonly ConcurrentDictionary<Type, Lazy<CertificationResult>> ThreadedResults = new();
    private readonly ITestOutputHelper? _output;

    /// <param name="output">Where passing rules write their checks and observations (optional).</param>
    protected EventImplSpecificationTests(ITestOutputHelper? output = null) => _output = output;

    /// <summary>A fresh loop on <paramref name="time"/>: the harness passes a virtual clock and steps
    /// the loop with <c>RunOnce(TimeSpan.Zero)</c>; called once per scenario, and disposed after it.</summary>
    protected abstract EventImpl CreateLoop(TimeProvider time);

    /// <summary>SHOULD-level rules (or tolerated MUST remarks) this loop deviates from on purpose,
    /// by rule id (e.g. "FREE-6"). Their tests are reported as skipped, "accepted deviation".</summary>
    protected virtual IReadOnlySet<string> AcceptedDeviations { get; } = new HashSet<string>();

    /// <summary>The seed of the generated scenarios (the same seed gives the same scenarios).</summary>
    protected virtual ulong Seed => CertifyOptions.DefaultSeed;

    /// <summary>Generated scenarios per rule, after the named cases. Small by default so that a
    /// test run stays quick; <c>conformancekit certify</c> runs 500 over all rules.</summary>
    protected virtual int GeneratedRuns => 40;

    /// <summary>Run the threaded tier (THREAD-1..3, FREE-5) too; off by default because it takes
    /// tens of seconds with real threads and real time.</summary>
    protected virtual bool RunThreadedTier => false;

    /// <summary>Schedules per threaded case when <see cref="RunThreadedTier"/> is on.</summary>
    protected virtual int ThreadedSchedules => 2;

    /// <summary>Deadline of one scenario before it counts as a hang.</summary>
    protected virtual TimeSpan CaseTimeout => CertifyOptions.DefaultCaseTimeout;

    /// <summary>How the loop is named in stories and counterexample files: by default the loop
    /// spec <c>assembly:PATH:TYPE</c>, which <c>conformancekit replay</c> can load.</summary>
    protected virtual string LoopName
    {
        get
        {
            using var probe = CreateLoop(TimeProvider.System);
            var t = probe.GetType();
            return $"assembly:{t.Assembly.Location}:{t.FullName}";
        }
    }

    /// <summary>Where counterexample files go, so that the replay command in a story works.</summary>
    protected virtual string CounterexampleFolder => Path.Combine(AppContext.BaseDirectory, "conformancekit", GetType().Name);

    /// <summary>A MUST rule: passes or fails.</summary>
    protected void Must(string ruleId) => Check(ruleId, TierChoice.Deterministic);

    /// <summary>A SHOULD rule: passes, fails, or is skipped as an accepted deviation.</summary>
    protected void Should(string ruleId) => Check(ruleId, TierChoice.Deterministic);

    /// <summary>An INFO rule: records what the loop does; never fails on the loop's behaviour.</summary>
    protected void Info(string ruleId) => Check(ruleId, TierChoice.Deterministic);

    /// <summary>A threaded-tier rule: skipped with the reason unless <see cref="RunThreadedTier"/>.</summary>
    protected void Threaded(string ruleId)
    {
        Skip.IfNot(RunThreadedTier, $"{ruleId} is checked in the threaded tier (the loop on its own thread, real time, tens of seconds): "
            + "not run here. Set RunThreadedTier => true, or run `conformancekit certify --tier threaded --loop assembly:PATH`.");
        var result = ThreadedResults.GetOrAdd(GetType(), _ => new Lazy<CertificationResult>(() => Certify(null, TierChoice.Threaded))).Value;
        Judge(result.Rules.Single(r => r.Rule.Id == ruleId));
    }

    private void Check(string ruleId, TierChoice tier) =>
        Judge(Certify(ruleId, tier).Rules.Single(r => r.Rule.Id == ruleId));

    private CertificationResult Certify(string? ruleId, TierChoice tier)
    {
        var o = new CertifyOptions(LoopName, Seed, GeneratedRuns, RuleIds: ruleId is null ? null : [ruleId], CaseTimeout: CaseTimeout,
            OutDir: CounterexampleFolder, Tier: tier, Schedules: ThreadedSchedules);
        var result = new Certifier(CreateLoop, TimeProvider.System).Run(o);
        foreach (var c in result.Rules.Select(r => r.Counterexample).OfType<Counterexample>())
        {
            string path = CounterexampleFile.PathFor(CounterexampleFolder, c.RuleId);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, CounterexampleFile.Serialize(c, path));
        }

        return result;
    }

    private void Judge(RuleResult r)
    {
        string id = r.Rule.Id;
        bool accepted = AcceptedDeviations.Contains(id);
        switch (r.Verdict)
        {
            case Verdict.Pass:
                Assert.False(accepted, $"{id} is listed in AcceptedDeviations, but the loop meets it now ({r.Checks} checks): remove it from the list.");
                _output?.WriteLine($"{id} pass: {r.Checks} checks over {r.Cases.Length} named cases and the generated runs.");
                break;
            case Verdict.Info:
                _output?.WriteLine($"{id} (INFO) observed: {string.Join("; ", r.Observations)}");
                break;
            case Verdict.NotRun:
                Skip.If(true, $"{id} was not exercised: no case gave it anything to judge on this loop.");
                break;
            case Verdict.NonStrict when accepted:
                Skip.If(true, $"accepted deviation (AcceptedDeviations lists {id}): {Story(r)}");
                break;
            case Verdict.NonStrict:
                Assert.Fail($"{Story(r)}\n({id} is {VerdictText.Of(r.Rule.Level)}: non-strict. If this deviation is intended, list \"{id}\" in AcceptedDeviations.)");
                break;
            default:
                Assert.Fail(Story(r) + (accepted ? $"\n({id} is listed in AcceptedDeviations, but a {VerdictText.Of(r.Verdict)} of a {VerdictText.Of(r.Rule.Level)} rule cannot be accepted.)" : string.Empty));
                break;
        }
    }

    private string Story(RuleResult r) => r.Counterexample is { } c
        ? string.Join("\n", CounterexampleFile.StoryAt(c, CounterexampleFile.PathFor(CounterexampleFolder, c.RuleId)))
        : $"{r.Rule.Id} {VerdictText.Of(r.Verdict)}: " + (r.Findings.IsEmpty ? "a run hung before it could be judged" : string.Join("\n", r.Findings.Select(f => f.ToString())));
}
