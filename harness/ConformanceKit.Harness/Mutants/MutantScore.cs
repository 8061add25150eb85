using System.Collections.Immutable;
using System.Diagnostics;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

#pragma warning disable RS0030 // wall clock allowed in this file: the benchmark's mutant score reports how long each mutant took, in real time

namespace ConformanceKit.Harness.Mutants;

/// <summary>How fast the deterministic tier convicts a mutant: per seed, the named cases and then
/// generated scenarios are run, judged by the mutant's expected rules only, until every expected
/// rule has failed once; the first failing scenario of each rule is then shrunk.</summary>
/// <remarks>Sequences count generated scenarios only (0: a named case convicted it). Milliseconds
/// are wall-clock time from the first named case to the conviction, shrinking excluded. The shrunk
/// length of a seed is the longest of its expected rules' shrunk counterexamples.</remarks>
public static class MutantScore
{
    /// <summary>One seed's measurement.</summary>
    /// <param name="Convicted">Every expected rule failed within the budget.</param>
    /// <param name="Sequences">Generated scenarios run until the conviction (the budget when not convicted).</param>
    /// <param name="Milliseconds">Wall-clock time until the conviction.</param>
    /// <param name="ShrunkLength">Steps of the longest shrunk counterexample (0 when not convicted).</param>
    /// <param name="CaughtBy">The named case or "run N" that made the last expected rule fail.</param>
    public sealed record SeedScore(ulong Seed, bool Convicted, int Sequences, double Milliseconds, int ShrunkLength, string? CaughtBy);

    /// <summary>One mutant over several seeds.</summary>
    public sealed record Result(string Mutant, ImmutableArray<string> Rules, ImmutableArray<SeedScore> Seeds)
    {
        public int ConvictedSeeds => Seeds.Count(s => s.Convicted);

        /// <summary>Convicted on every seed.</summary>
        public bool Convicted => ConvictedSeeds == Seeds.Length;

        public double MedianSequences => Median(Seeds.Select(s => (double)s.Sequences));

        public double MedianMilliseconds => Median(Seeds.Select(s => s.Milliseconds));

        /// <summary>Over the convicted seeds (NaN when none).</summary>
        public double MedianShrunkLength => Median(Seeds.Where(s => s.Convicted).Select(s => (double)s.ShrunkLength));
    }

    /// <summary>Measures <paramref name="mutant"/> on each of <paramref name="seeds"/>.</summary>
    /// <param name="maxRuns">Generated scenarios per seed before giving up.</param>
    /// <exception cref="ArgumentException">The mutant has no deterministic-tier rule to be convicted of.</exception>
    public static Result Measure(MutantInfo mutant, IEnumerable<ulong> seeds, int maxRuns = CertifyOptions.DefaultRuns,
        int maxSteps = CertifyOptions.DefaultMaxSteps, TimeSpan? caseTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(mutant);
        var rules = RuleCatalogue.All.Where(r => mutant.Rules.Contains(r.Id) && r.Tier == Tier.Deterministic).ToList();
        if (rules.Count == 0 || rules.Count != mutant.Rules.Length)
        {
            throw new ArgumentException($"{mutant.Name} is not convicted in the deterministic tier ({string.Join(", ", mutant.Rules)})", nameof(mutant));
        }

        var scores = seeds.Select(seed => MeasureSeed(mutant, rules, seed, maxRuns, maxSteps, caseTimeout ?? CertifyOptions.DefaultCaseTimeout));
        return new Result(mutant.Name, mutant.Rules, [.. scores]);
    }

    private static SeedScore MeasureSeed(MutantInfo mutant, List<Rule> rules, ulong seed, int maxRuns, int maxSteps, TimeSpan caseTimeout)
    {
        using var watchdog = new Watchdog(caseTimeout);
        var judge = new ScenarioJudge(mutant.Create, rules, watchdog);
        var first = new Dictionary<string, Scenario>();
        string? caughtBy = null;
        bool Try(Scenario s, string origin)
        {
            var outcome = judge.Run(s);
            foreach (var r in rules.Where(r => !first.ContainsKey(r.Id) && outcome.Fails(r.Id)))
            {
                first[r.Id] = s;
                caughtBy = origin;
            }

            return first.Count == rules.Count;
        }

        var clock = Stopwatch.StartNew();
        int sequences = 0;
        bool convicted = NamedCases.All.Any(c => Try(c.Scenario, c.Id));
        while (!convicted && sequences < maxRuns)
        {
            convicted = Try(ScenarioGenerator.Generate(seed, sequences, maxSteps), $"run {sequences}");
            sequences++;
        }

        double ms = clock.Elapsed.TotalMilliseconds;
        int shrunk = !convicted ? 0 : first.Max(f => Shrinker.Shrink(f.Value, s => judge.Run(s).Fails(f.Key)).Scenario.Steps.Length);
        return new SeedScore(seed, convicted, sequences, ms, shrunk, caughtBy);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN
            : v.Length % 2 == 1 ? v[v.Length / 2]
            : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}
