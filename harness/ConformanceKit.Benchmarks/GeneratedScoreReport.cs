using System.Globalization;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Benchmarks;

/// <summary><c>dotnet run -c Release --project harness/ConformanceKit.Benchmarks -- generated-score [SEEDS [RUNS]]</c>:
/// what the generator finds on its own (issue 15): every deterministic-tier mutant certified with
/// <c>--cases generated</c> (no named case) over seeds 1..SEEDS (default 20) and RUNS generated runs
/// (default 500); convicted when every one of its rules fails; the run that convicted it first.</summary>
internal static class GeneratedScoreReport
{
    public static void Run(int seeds, int runs)
    {
        var mutants = MutantCatalogue.All.Where(m => !m.Threaded && !m.Isolated && !m.CountsProcessFds && m.Rules.Length > 0).ToList();
        Console.WriteLine($"| mutant | rules | convicted by {runs} generated runs alone | median run to conviction |");
        Console.WriteLine("|---|---|---:|---:|");
        int all = 0;
        foreach (var m in mutants)
        {
            var firsts = new List<int>();
            for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            {
                var r = new Certifier(m.Create, TimeProvider.System).Run(new CertifyOptions("mutant:" + m.Name, seed, runs, Tier: TierChoice.Deterministic, Cases: CaseChoice.Generated));
                var own = r.Rules.Where(x => m.Rules.Contains(x.Rule.Id)).ToList();
                if (own.All(x => x.Verdict is Verdict.Fail or Verdict.NonStrict or Verdict.Crash))
                {
                    // The run by which every rule of the mutant had failed (origins count the named cases first).
                    firsts.Add(own.Max(x => x.Findings.Select(f => f.Origin).Where(o => o >= 0).DefaultIfEmpty(0).Min()) - Harness.Cases.NamedCases.All.Length + 1);
                }
            }

            all += firsts.Count == seeds ? 1 : 0;
            string median = firsts.Count == 0 ? "-" : firsts.Order().ElementAt(firsts.Count / 2).ToString(CultureInfo.InvariantCulture);
            Console.WriteLine($"| {m.Name} | {string.Join(", ", m.Rules)} | {firsts.Count}/{seeds} | {median} |");
        }

        Console.WriteLine();
        Console.WriteLine($"{all} of {mutants.Count} convicted by generated runs alone on every seed.");
    }
}
