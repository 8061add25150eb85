using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Stops starting the units of a tier once the loop has shown that it hangs or crashes
/// whatever it is asked: a broken loop then costs seconds, not a deadline per case.</summary>
/// <remarks>
/// <para>A unit <em>died</em> when it hung or its process crashed (a constructor that throws is a
/// crash too). The tier trips after <see cref="Deaths"/> deaths in a row, with no unit getting
/// through in between, when those deaths were in the cases of at least two rules (generated runs
/// count as one more): a loop that hangs only in one rule's cases, which sit together in the
/// plan, still has every other rule judged.</para>
/// <para>Once a tier has tripped, the next tier starts with the streak it left: one more death,
/// in any rule, trips it too. There a threaded unit whose loop never came back from RunOnce when
/// asked to stop counts as a death (it was judged, but its loop thread is stuck as in a hang);
/// before any trip it does not, because a loop that merely sleeps through changes (THREAD-2's
/// bug) must still have its other threaded cases run.</para>
/// <para>The units not started are reported, not hidden: each rule whose case was not started gets
/// the verdict of the deaths (hang or crash) with a note that says why it was not run.</para>
/// </remarks>
internal sealed class ShortCut
{
    public const int Deaths = 2;

    private readonly List<Death> _streak = [];
    private readonly Dictionary<bool, Trip> _trips = []; // keyed by "is the threaded tier"

    /// <summary>One unit that died: how, and the reason it carries.</summary>
    public sealed record Death(WorkUnit Unit, bool Hung, string Cause);

    /// <summary>A tier stopped: after which deaths, and from which origin on nothing was started.</summary>
    public sealed record Trip(IReadOnlyList<Death> Deaths, bool Hung)
    {
        public int After => Deaths[^1].Unit.Origin;
    }

    public IReadOnlyDictionary<bool, Trip> Trips => _trips;

    /// <summary>Units of this tier are no longer started.</summary>
    public bool Skips(WorkUnit u) => u.Kind != UnitKind.Native && _trips.ContainsKey(IsThreaded(u));

    /// <summary>Takes a unit's result into the streak.</summary>
    public void Saw(UnitResult r)
    {
        if (r.Unit.Kind == UnitKind.Native)
        {
            return; // each native case runs in a child of its own, after the rest: nothing to save
        }

        bool tripped = _trips.Count > 0;
        bool died = r.Hung || r.Crashed || (tripped && r.LoopStuck);
        if (!died)
        {
            _streak.Clear();
            return;
        }

        _streak.Add(new Death(r.Unit, Hung: !r.Crashed, r.Cause ?? (r.LoopStuck ? "the loop did not come back from RunOnce when asked to stop" : "the loop did not come back from the unit")));
        bool tier = IsThreaded(r.Unit);
        int rules = _streak.Select(d => UnitPlace.AimedAt(d.Unit) ?? "generated runs").Distinct().Count();
        if (!_trips.ContainsKey(tier) && _streak.Count >= Deaths && (rules >= 2 || tripped))
        {
            _trips[tier] = new Trip([.. _streak], Hung: _streak[^1].Hung);
        }
    }

    /// <summary>The note of a rule whose case was not started, and its severity (hang or crash).</summary>
    public static Finding NotRun(CertifyOptions o, string ruleId, Trip trip, int notStarted, string tier)
    {
        string how = trip.Hung ? "hung" : "crashed";
        string units = string.Join("; ", trip.Deaths.Select(d => $"{UnitPlace.Name(o, d.Unit)}: {d.Cause}"));
        string note = $"not run: the loop {how} in {trip.Deaths.Count} units in a row with nothing getting through in between ({units}), "
            + $"so the other {notStarted} units of the {tier} tier were not started";
        return new Finding(ruleId, trip.Hung ? Severity.Hang : Severity.Crash, -1, ["its cases run to their end"], note, trip.After);
    }

    private static bool IsThreaded(WorkUnit u) => u.Kind == UnitKind.Threaded;
}
