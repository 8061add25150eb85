using System.Globalization;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Benchmarks;

/// <summary><c>dotnet run -c Release --project harness/ConformanceKit.Benchmarks -- mutant-score [SEEDS [MUTANT]]</c>:
/// the rows of docs/mutants.md's table (every deterministic-tier mutant over seeds 1..SEEDS, default
/// 20) and, from full certifications on seeds 1 and 2 with 100 generated runs, every rule a mutant is
/// charged with beyond its own, so that the page can explain each.</summary>
internal static class MutantScoreReport
{
    public static void Run(int seeds, string? only = null)
    {
        var mutants = MutantCatalogue.All.Where(m => !m.Threaded && !m.Isolated && m.Rules.Length > 0 && (only is null || m.Name == only)).ToList();
        Console.WriteLine("| mutant | family | rules | convicted | median sequences | median ms | median shrunk steps | convicted first by |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---|");
        foreach (var m in mutants)
        {
            var r = MutantScore.Measure(m, Enumerable.Range(1, seeds).Select(i => (ulong)i));
            var first = r.Seeds.GroupBy(s => s.CaughtBy is { } c && c.Contains('/', StringComparison.Ordinal) ? c : "generated").OrderByDescending(g => g.Count()).First().Key;
            if (first == "generated")
            {
                first = $"generated runs (max {r.Seeds.Max(s => s.Sequences)} over {r.Seeds.Length} seeds)";
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Name} | {Family(m)} | {string.Join(", ", m.Rules)} | {r.ConvictedSeeds}/{r.Seeds.Length} | {r.MedianSequences:0.#} | {r.MedianMilliseconds:0} | {r.MedianShrunkLength:0.#} | {(first.Contains('/', StringComparison.Ordinal) ? $"`{first}`" : first)} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Also charged (seeds 1 and 2, 100 generated runs, deterministic tier):");
        foreach (var m in mutants)
        {
            var extra = new SortedSet<string>(StringComparer.Ordinal);
            foreach (ulong seed in new ulong[] { 1, 2 })
            {
                var result = new Certifier(m.Create, TimeProvider.System).Run(new CertifyOptions("mutant:" + m.Name, seed, 100, Tier: TierChoice.Deterministic));
                foreach (var x in result.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.NonStrict or Verdict.Crash && !m.Rules.Contains(x.Rule.Id)))
                {
                    extra.Add($"{x.Rule.Id} {VerdictText.Of(x.Verdict)}: {x.Findings.FirstOrDefault()?.Actual}");
                }
            }

            if (extra.Count > 0)
            {
                Console.WriteLine($"- {m.Name}:");
                foreach (var e in extra)
                {
                    Console.WriteLine($"    {e}");
                }
            }
        }
    }

    /// <summary>The mutant's folder (Ids, Handle, ...), from its rule's family.</summary>
    private static string Family(MutantInfo m)
    {
        string family = m.Rules[0][..m.Rules[0].IndexOf('-', StringComparison.Ordinal)];
        return family[..1] + family[1..].ToLowerInvariant();
    }
}
