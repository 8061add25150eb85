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
                units.AddRange(Enumerable.Range(0, named).Where(i => Selected(o, NamedCases.All[i].RuleId)).Select(i => new WorkUnit(i, UnitKind.NamedCase, i)));
            }

            if (o.Cases != CaseChoice.Named)
            {
                units.AddRange(Enumerable.Range(0, o.Runs).Select(r => new WorkUnit(named + r, UnitKind.Generated, r)));
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
                    units.Add(new WorkUnit(ThreadedOriginBase + (k * o.Schedules) + s, UnitKind.Threaded, k, s));
                }
            }
        }

        if (o.Tier == TierChoice.Native)
        {
            // Every rule is judged on real libvirt's trace, so --rules only chooses what is reported.
            units.AddRange(Enumerable.Range(0, Native.NativeCases.All.Length)
                .Where(k => Native.NativeCases.All[k].Drives == o.NativeDrives)
                .Where(k => o.NativeCases == NativeChoice.All || Native.NativeCases.All[k].NeedsDaemon == (o.NativeCases == NativeChoice.Remote))
                .Select(k => new WorkUnit(NativeOriginBase + k, UnitKind.Native, k)));
        }

        return [.. units.Where(u => shard.Owns(u.Origin))];
    }

    /// <summary>The origin of a case by id: a named case's index, or a native case's origin; -1
    /// when no case has that id.</summary>
    public static int OriginOfCase(string id) =>
        Native.NativeCases.IndexOf(id) is var k && k >= 0 ? NativeOriginBase + k
        : NamedCases.All.Select((c, i) => (c, i)).FirstOrDefault(p => p.c.Id == id, (null!, -1)).Item2;

    private static bool Selected(CertifyOptions o, string ruleId) =>
        o.RuleIds is null || o.RuleIds.Contains(ruleId, StringComparer.OrdinalIgnoreCase);
}
