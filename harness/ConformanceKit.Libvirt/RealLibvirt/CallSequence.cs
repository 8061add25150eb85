using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Libvirt;

/// <summary>One vocabulary for "what libvirt called, in order", so that a recorded run of real
/// libvirt and a workload profile of the fake core can be compared call by call.</summary>
/// <remarks>
/// Each call is written with its kind and its non-id argument: <c>add_timeout(-1)</c>,
/// <c>update_timeout(0)</c>, <c>remove_timeout</c>, <c>add_handle(Readable)</c>,
/// <c>update_handle(Readable, Writable)</c>, <c>remove_handle</c>. Ids are left out because they are
/// the loop's choice. Callbacks and ffs the loop makes are not calls libvirt makes, so they are
/// left out too; what libvirt does inside a callback appears where it happens.
/// </remarks>
public static class CallSequence
{
    /// <summary>The six-function calls of a recorded run, in order.</summary>
    public static IReadOnlyList<string> FromRecorded(IEnumerable<LoopCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var list = new List<string>();
        foreach (LoopCall c in calls)
        {
            string? s = c.Kind switch
            {
                LoopCallKind.AddHandle => AddHandle((HandleEvents)c.Value),
                LoopCallKind.UpdateHandle => UpdateHandle((HandleEvents)c.Value),
                LoopCallKind.RemoveHandle => "remove_handle",
                LoopCallKind.AddTimeout => AddTimeout(c.Value),
                LoopCallKind.UpdateTimeout => UpdateTimeout(c.Value),
                LoopCallKind.RemoveTimeout => "remove_timeout",
                _ => null,
            };
            if (s is not null)
            {
                list.Add(s);
            }
        }

        return list;
    }

    /// <summary>The six-function calls a fake-core scenario makes when a correct loop runs it:
    /// its steps in order, plus the calls its timer callbacks make from their reactions, placed at
    /// the iteration where the callback fires.</summary>
    /// <remarks>A timer fires on an <see cref="Iterate"/> when its frequency is 0 (the profiles of
    /// libvirt's event queue use nothing else); timers at N &gt; 0 need a virtual clock and are
    /// rejected, as are watches' reactions. Supported reactions: <see cref="ReactionKind.UpdateSelf"/>
    /// and <see cref="ReactionKind.RemoveSelf"/>, each on the first call only or on every call.</remarks>
    /// <exception cref="NotSupportedException">The scenario uses something this mapping does not model.</exception>
    public static IReadOnlyList<string> FromScenario(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var list = new List<string>();
        var timers = new List<SimTimer>();
        int watches = 0;
        foreach (Step step in scenario.Steps)
        {
            switch (step)
            {
                case AddTimer a:
                    list.Add(AddTimeout(a.Frequency));
                    timers.Add(new SimTimer(a.Frequency, a.Reactions.IsDefault ? [] : [.. a.Reactions]));
                    break;
                case UpdateTimer u:
                    if (Resolve(timers, u.Target) is { } ut)
                    {
                        list.Add(UpdateTimeout(u.Frequency));
                        if (!ut.Removed)
                        {
                            ut.Frequency = u.Frequency;
                        }
                    }

                    break;
                case RemoveTimer r:
                    if (Resolve(timers, r.Target) is { } rt)
                    {
                        list.Add("remove_timeout");
                        rt.Removed = true;
                    }

                    break;
                case AddWatch w:
                    if (!w.Reactions.IsDefaultOrEmpty)
                    {
                        throw new NotSupportedException($"watch reactions are not modelled: {w.Describe()}");
                    }

                    list.Add(AddHandle(w.Mask));
                    watches++;
                    break;
                case UpdateWatch uw:
                    if (watches > 0)
                    {
                        list.Add(UpdateHandle(uw.Mask));
                    }

                    break;
                case RemoveWatch:
                    if (watches > 0)
                    {
                        list.Add("remove_handle");
                    }

                    break;
                case Iterate:
                    foreach (SimTimer t in timers.Where(t => !t.Removed && t.Frequency == 0).ToList())
                    {
                        Fire(t, list);
                    }

                    break;
                case Far:
                    break;
                default:
                    throw new NotSupportedException($"step not modelled: {step.Describe()}");
            }
        }

        return list;
    }

    /// <summary>add_timeout(F).</summary>
    public static string AddTimeout(int frequency) => $"add_timeout({frequency})";

    /// <summary>update_timeout(F).</summary>
    public static string UpdateTimeout(int frequency) => $"update_timeout({frequency})";

    /// <summary>add_handle(MASK).</summary>
    public static string AddHandle(HandleEvents mask) => $"add_handle({mask})";

    /// <summary>update_handle(MASK).</summary>
    public static string UpdateHandle(HandleEvents mask) => $"update_handle({mask})";

    /// <summary>Where two sequences first differ, in one line, or null when they are equal.</summary>
    public static string? FirstDifference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            string? e = i < expected.Count ? expected[i] : null;
            string? a = i < actual.Count ? actual[i] : null;
            if (e != a)
            {
                return $"call {i + 1}: expected {e ?? "(end)"}, got {a ?? "(end)"}";
            }
        }

        return null;
    }

    private static SimTimer? Resolve(List<SimTimer> timers, Target target)
    {
        if (target.IsRaw)
        {
            throw new NotSupportedException($"raw ids are not modelled: {target}");
        }

        return target.Pick(timers);
    }

    private static void Fire(SimTimer t, List<string> list)
    {
        foreach (Reaction r in t.Reactions)
        {
            if (!r.Repeat && t.Fired > 0)
            {
                continue;
            }

            switch (r.Kind)
            {
                case ReactionKind.UpdateSelf:
                    list.Add(UpdateTimeout(r.Value));
                    if (!t.Removed)
                    {
                        t.Frequency = r.Value;
                    }

                    break;
                case ReactionKind.RemoveSelf:
                    list.Add("remove_timeout");
                    t.Removed = true;
                    break;
                default:
                    throw new NotSupportedException($"timer reaction not modelled: {r}");
            }
        }

        t.Fired++;
    }

    private sealed class SimTimer(int frequency, List<Reaction> reactions)
    {
        public int Frequency { get; set; } = frequency;

        public List<Reaction> Reactions { get; } = reactions;

        public bool Removed { get; set; }

        public int Fired { get; set; }
    }
}
