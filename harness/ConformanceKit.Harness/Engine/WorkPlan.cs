using System.Collections.Immutable;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>The units a certification runs, in origin order: named cases from 0, generated runs
/// after them, threaded schedules from <see cref="ThreadedOriginBase"/>; filtered by tier and shard.
/// A parent and its child processes compute the same plan from the same options. With
/// <c>--rules</c>, only the named and threaded cases aimed at those rules run (generated runs and
/// the native case always do: any rule can fail in them).</summary>
public static class WorkPlan
{
    /// <summary>Origins of threaded units start here, after any named case or generated run.</summary>
    public const int ThreadedOriginBase = 1_000_000;

    /// <summary>Origins of the native cases start here.</summary>
    public const int NativeOriginBase = 2_000_000;

    public static ImmutableArray<WorkUnit> For(CertifyOptions o)
    {
        var shard = o.Shard ?? Shard.Whole;
        var units = new List<WorkUnit>();
        if (o.Tier is TierChoice.All or TierChoice.Deterministic)
        {
            // Origins stay those of the whole plan whatever --cases leaves out, so that a generated
            // run has the same origin (and counterexample command) with the named cases or without.
            int named = NamedCases.All.Length;
            if (o.Cases != CaseChoice.Generated)
            {
                units.AddRange(Enumerable.Range(0, named).Where(i => Selected(o, NamedCases.All[i].RuleId)).Select(i => new WorkUnit(i, new NamedUnit(NamedCases.All[i]))));
            }

            if (o.Cases != CaseChoice.Named)
            {
                units.AddRange(Enumerable.Range(0, o.Runs).Select(r => new WorkUnit(named + r, new GeneratedUnit(r))));
            }
        }

        if (o.Tier is TierChoice.All or TierChoice.Threaded)
        {
            for (int k = 0; k < ThreadedTier.Cases.Length; k++)
            {
                if (!Selected(o, ThreadedTier.Cases[k].RuleId))
                {
                    continue;
                }

                for (int s = 0; s < o.Schedules; s++)
                {
                    units.Add(new WorkUnit(ThreadedOriginBase + (k * o.Schedules) + s, new ThreadedUnit(ThreadedTier.Cases[k], s)));
                }
            }
        }

        if (o.Tier == TierChoice.Native)
        {
            // Every rule is judged on real libvirt's trace, so --rules only chooses what is reported.
            units.AddRange(Enumerable.Range(0, Native.NativeCases.All.Length)
                .Where(k => Native.NativeCases.All[k].Drives == o.NativeDrives)
                .Where(k => o.NativeCases == NativeChoice.All || Native.NativeCases.All[k].NeedsDaemon == (o.NativeCases == NativeChoice.Remote))
                .Select(k => new WorkUnit(NativeOriginBase + k, new NativeUnit(Native.NativeCases.All[k]))));
        }

        return [.. units.Where(u => shard.Owns(u.Origin))];
    }

    /// <summary>The origin of a case by id: a named case's index, or a native case's origin; -1
    /// when no case has that id.</summary>
    public static int OriginOfCase(string id) =>
        Native.NativeCases.IndexOf(id) is var k && k >= 0 ? NativeOriginBase + k
        : NamedCases.All.Select((c, i) => (c, i)).FirstOrDefault(p => p.c.Id == id, (null!, -1)).Item2;

    /// <summary>The origin of the unit a counterexample came from, as recorded; for a file written
    /// before origins were recorded, the origin of its named case or generated run (null for a
    /// threaded one, whose origin depends on the run's schedules).</summary>
    public static int? OriginOf(Counterexample c) =>
        c.Origin ?? (c.Tier == Tier.Threaded ? null
            : c.CaseId is not null ? (OriginOfCase(c.CaseId) is var i && i >= 0 ? i : null)
            : NamedCases.All.Length + c.Run);

    /// <summary>"named case X" or "generated run N" for an origin of the deterministic tier, as the
    /// report names the first run where a choice differed.</summary>
    public static string NameOf(int origin) =>
        origin < NamedCases.All.Length ? $"named case {NamedCases.All[origin].Id}" : $"generated run {origin - NamedCases.All.Length}";

    private static bool Selected(CertifyOptions o, string ruleId) =>
        o.RuleIds is null || o.RuleIds.Contains(ruleId, StringComparer.OrdinalIgnoreCase);
}
