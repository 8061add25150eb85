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
    /// its steps in order, plus the calls its callbacks make from their reactions, placed at the
    /// iteration where a correct loop calls them back (the model is <see cref="ScenarioCalls"/>).</summary>
    /// <exception cref="NotSupportedException">The scenario uses something this mapping does not model.</exception>
    public static IReadOnlyList<string> FromScenario(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return ScenarioCalls.Of(scenario);
    }

    /// <summary>The shape of one registration's calls: which call follows which, once repeats are
    /// collapsed (libvirt re-arms its keepalive timer after every message, and a profile says so
    /// once). Two sequences of the same shape start alike, end alike, and make the same moves.</summary>
    public static (string First, string Last, IReadOnlySet<string> Moves) Shape(IReadOnlyList<string> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var collapsed = calls.Where((c, i) => i == 0 || calls[i - 1] != c).ToList();
        if (collapsed.Count == 0)
        {
            return ("(none)", "(none)", new HashSet<string>());
        }

        return (collapsed[0], collapsed[^1], collapsed.Zip(collapsed.Skip(1), (x, y) => $"{x} -> {y}").ToHashSet());
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
}
