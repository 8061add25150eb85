using System.Collections.Immutable;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Reports;

/// <summary>Combines the reports of shards 1/N .. N/N into the report one unsharded run would have
/// written: same verdicts, checks, cases, findings and observations in origin order, trace hash
/// recombined in origin order (<see cref="RunHash.Combine"/>), and per rule the counterexample of
/// the lowest origin (the run a single run would have shrunk first).</summary>
/// <remarks>
/// Verdicts are graded again from the merged tallies with <see cref="Grading.Grade"/>. Exact for the
/// deterministic tier when no run hung. Limits, stated rather than hidden: each shard stops
/// generating after its own <see cref="CertifyOptions.MaxGeneratedHangs"/> hangs, and a hang marks
/// the rules that found nothing in that shard, so with hangs a merge may read "hang" where one
/// run reads "non-strict"; the threaded tier depends on real scheduling, so its part is merged
/// (checks summed, worst kept) but is not reproducible run for run. Timing is summed.
/// Bad input (<see cref="InvalidDataException"/>, one line): different loop, seed, runs, max
/// steps or tier; different shard counts; a shard given twice; a shard missing.
/// </remarks>
public static class ShardMerge
{
    public static CertificationResult Merge(IReadOnlyList<LoadedReport> shards)
    {
        if (shards.Count == 0)
        {
            throw new InvalidDataException("merge needs at least one shard report");
        }

        // A shard judged by an older contract has other rules and other gradings: its tallies do
        // not add up with this version's. compare still reads it; merge refuses it.
        if (shards.FirstOrDefault(s => s.ContractVersion != RuleCatalogue.ContractVersion) is { } old)
        {
            throw new InvalidDataException($"{old.Dir} was judged by contract version {old.ContractVersion}; merge joins only reports of contract version {RuleCatalogue.ContractVersion} (certify that shard again with this tool)");
        }

        var first = shards[0].Result;
        foreach (var s in shards.Skip(1))
        {
            var r = s.Result;
            Same(s, "loop", first.Loop, r.Loop);
            Same(s, "seed", first.Seed, r.Seed);
            Same(s, "runs", first.Runs, r.Runs);
            Same(s, "max steps", first.MaxSteps, r.MaxSteps);
            Same(s, "tier", first.Tier, r.Tier);
            Same(s, "shard count", first.Shard.Count, r.Shard.Count);
        }

        int n = first.Shard.Count;
        var twice = shards.GroupBy(s => s.Result.Shard.Index).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidDataException($"overlapping shards: shard {twice.Key}/{n} is given twice ({string.Join(", ", twice.Select(s => s.Dir))})");
        }

        var missing = Enumerable.Range(1, n).Where(i => shards.All(s => s.Result.Shard.Index != i)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"missing shards: {string.Join(", ", missing.Select(i => $"{i}/{n}"))} (merge needs all {n})");
        }

        var hashes = shards.SelectMany(s => s.Result.RunHashes).ToList();
        var overlap = hashes.GroupBy(h => h.Origin).FirstOrDefault(g => g.Count() > 1);
        if (overlap is not null)
        {
            throw new InvalidDataException($"overlapping shards: run {overlap.Key} appears in more than one report");
        }

        var ordered = shards.OrderBy(s => s.Result.Shard.Index).Select(s => s.Result).ToList();
        var rules = RuleCatalogue.All
            .Select(rule => MergeRule(rule, [.. ordered.Select(r => r.Rules.FirstOrDefault(x => x.Rule.Id == rule.Id)).OfType<RuleResult>()]))
            .OfType<RuleResult>()
            .ToImmutableArray();
        var cases = ordered.SelectMany(r => r.Cases).OrderBy(c => CaseOrigin(c.Id)).ToImmutableArray();
        return new CertificationResult(first.Loop, first.Tier, first.Seed, first.Runs, first.MaxSteps,
            ordered.Sum(r => r.GeneratedRuns), ordered.Sum(r => r.GeneratedFailures), RunHash.Combine(hashes),
            rules, cases, ordered.Min(r => r.Started), ordered.Max(r => r.Ended), ordered.All(r => r.Complete))
        {
            Shard = Shard.Whole,
            HungRuns = [.. ordered.SelectMany(r => r.HungRuns).Order()],
            CrashedRuns = [.. ordered.SelectMany(r => r.CrashedRuns).Order()],
            RunDeaths = [.. ordered.SelectMany(r => r.RunDeaths)],
            RunHashes = [.. hashes.OrderBy(h => h.Origin)],
            // One per rule, the lowest origin's: the scenario one run would have met first.
            ReferenceFailures = [.. ordered.SelectMany(r => r.ReferenceFailures).OrderBy(ResultFacts.OriginKey).DistinctBy(c => c.RuleId)],
        };
    }

    /// <summary>Counts summed, each choice's first origin the lowest: what one run would have tallied.</summary>
    private static ChoiceComparison? MergeAlongside(IReadOnlyList<RuleResult> parts)
    {
        var all = parts.Select(p => p.Alongside).OfType<ChoiceComparison>().ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var firsts = all.Where(a => a.FirstDifference >= 0).Select(a => a.FirstDifference).ToList();
        return new ChoiceComparison(all.Sum(a => a.Runs), all.Sum(a => a.Differing), firsts.Count > 0 ? firsts.Min() : -1,
            Choices(all.SelectMany(a => a.Loop)), Choices(all.SelectMany(a => a.Reference)));
    }

    private static ImmutableArray<ChoiceCount> Choices(IEnumerable<ChoiceCount> counts) =>
        [.. counts.GroupBy(c => c.Choice).Select(g => new ChoiceCount(g.Key, g.Sum(c => c.Runs), g.Min(c => c.FirstOrigin))).OrderBy(c => c.FirstOrigin)];

    private static RuleResult? MergeRule(Rule rule, IReadOnlyList<RuleResult> parts)
    {
        if (parts.Count == 0)
        {
            return null;
        }

        Severity? worst = null;
        foreach (var w in parts.Select(p => p.Worst).OfType<Severity>())
        {
            worst = Worse(worst, w);
        }

        bool judged = parts.Any(p => p.Judged);
        bool hung = parts.Any(p => p.Hung);
        int checks = parts.Sum(p => p.Checks);
        var observations = parts
            .SelectMany(p => p.Observations.Select((text, i) => (Text: text, Origin: i < p.ObservationOrigins.Length ? p.ObservationOrigins[i] : int.MaxValue)))
            .OrderBy(o => o.Origin) // stable: within one origin, the shard's own order
            .DistinctBy(o => o.Text)
            .Take(Grading.KeptObservations)
            .ToList();
        var counterexample = parts.Select(p => p.Counterexample).OfType<Counterexample>().OrderBy(ResultFacts.OriginKey).FirstOrDefault();
        return new RuleResult(
            rule,
            Grading.Grade(rule.Level, judged, worst, hung, checks),
            checks,
            [.. parts.SelectMany(p => p.Cases).Distinct().Order(StringComparer.Ordinal)],
            [.. observations.Select(o => o.Text)],
            [.. Grading.Keep(parts.SelectMany(p => p.Findings))],
            counterexample)
        {
            Judged = judged,
            Caveat = parts.Select(p => p.Caveat).FirstOrDefault(c => c is not null),
            NotRunReason = parts.Select(p => p.NotRunReason).FirstOrDefault(c => c is not null),
            Hung = hung,
            Worst = worst,
            ObservationOrigins = [.. observations.Select(o => o.Origin)],
            Alongside = MergeAlongside(parts),
            JudgeTime = TimeSpan.FromTicks(parts.Sum(p => p.JudgeTime.Ticks)),
            ShrinkTime = TimeSpan.FromTicks(parts.Sum(p => p.ShrinkTime.Ticks)),
            Measurements = [.. parts.SelectMany(p => p.Measurements).Take(Measurements.KeptPerRule)],
            Measured = parts.Sum(p => p.Measured),
        };
    }

    /// <summary>The same order as the engine's: crash, then violation, then remark.</summary>
    private static Severity Worse(Severity? a, Severity b) =>
        a == Severity.Crash || b == Severity.Crash ? Severity.Crash
        : a == Severity.Violation || b == Severity.Violation ? Severity.Violation
        : Severity.Remark;

    private static int CaseOrigin(string id) => WorkPlan.OriginOfCase(id) is var o && o >= 0 ? o : int.MaxValue;

    private static void Same<T>(LoadedReport s, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidDataException($"{s.Dir} is from a different run: {what} {actual}, the first shard has {expected}; merge only shards of one certification");
        }
    }
}
