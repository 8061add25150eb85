using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Stops starting the units of a tier once the loop has shown that it hangs or crashes
/// whatever it is asked: a broken loop then costs seconds, not a deadline per case.</summary>
/// <remarks>
/// <para>A unit <em>died</em> when it hung or its process crashed (a constructor that throws is a
/// crash too). A tier trips after <see cref="Deaths"/> deaths in a row, with no unit getting
/// through in between, when those deaths were in the cases of at least two rules (generated runs
/// count as one more): a loop that hangs only in one rule's cases, which sit together in the
/// plan, still has every other rule judged.</para>
/// <para>After a hang trip nothing more of the tier is started: each further try would cost a
/// deadline. A crash costs only a fresh child, so after a crash trip the tier goes on probing: it
/// starts the first case of each rule it has not started yet (no generated runs), and the first
/// probe that gets through lifts the trip, so the rules a loop does not crash in are judged in
/// full (a loop that dies in every handle callback still has its timer rules judged). A probe
/// that hangs ends the probing.</para>
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
    private readonly List<Trip> _trips = [];
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);

    /// <summary>One unit that died: how, and the reason it carries.</summary>
    public sealed record Death(WorkUnit Unit, bool Hung, string Cause);

    /// <summary>A tier stopped after these deaths: nothing of it (a hang), or only probes (a crash),
    /// was started after <see cref="After"/> until <see cref="Until"/> (a probe that got through).</summary>
    public sealed record Trip(Tier Tier, IReadOnlyList<Death> Deaths)
    {
        public bool Hung { get; set; } = Deaths[^1].Hung;

        public int After => Deaths[^1].Unit.Origin;

        public int Until { get; set; } = int.MaxValue;

        public bool Open => Until == int.MaxValue;
    }

    /// <summary>Every trip, in order (a lifted one included: its skipped units still need a note).</summary>
    public IReadOnlyList<Trip> Trips => _trips;

    /// <summary>This unit is not to be started.</summary>
    public bool Skips(WorkUnit u)
    {
        if (u.Case.RunsAlone || OpenTrip(u.Case.Tier) is not { } trip)
        {
            return false;
        }

        // A crash trip still lets through the first case of each rule not started yet.
        return trip.Hung || u.Case.AimedAt is not { } rule || _started.Contains(rule);
    }

    /// <summary>Takes a unit's result into the streak.</summary>
    public void Saw(UnitResult r)
    {
        if (r.Unit.Case.RunsAlone)
        {
            return; // each native case runs in a child of its own, after the rest: nothing to save
        }

        if (r.Unit.Case.AimedAt is { } rule)
        {
            _started.Add(rule);
        }

        var tier = r.Unit.Case.Tier;
        var open = OpenTrip(tier);
        bool anyOpen = _trips.Any(t => t.Open);
        bool died = r.Hung || r.Crashed || (anyOpen && r.LoopStuck);
        if (!died)
        {
            _streak.Clear();
            if (open is not null)
            {
                open.Until = r.Unit.Origin; // a probe got through: the loop can run this rule's cases
            }

            return;
        }

        _streak.Add(new Death(r.Unit, Hung: !r.Crashed, r.Cause ?? (r.LoopStuck ? "the loop did not come back from RunOnce when asked to stop" : "the loop did not come back from the unit")));
        if (open is not null)
        {
            open.Hung |= r.Hung || r.LoopStuck; // a probe that hangs: no more probes
            return;
        }

        int rules = _streak.Select(d => d.Unit.Case.AimedAt ?? "generated runs").Distinct().Count();
        if (_streak.Count >= Deaths && (rules >= 2 || anyOpen))
        {
            _trips.Add(new Trip(tier, [.. _streak]));
        }
    }

    /// <summary>The note of a rule whose case was not started, and its severity (hang or crash).</summary>
    public static Finding NotRun(CertifyOptions o, string ruleId, Trip trip, int notStarted, string tier)
    {
        string how = trip.Hung ? "hung" : "crashed";
        string units = string.Join("; ", trip.Deaths.Select(d => $"{d.Unit.Case.Name(o)}: {d.Cause}"));
        string rest = trip.Hung ? $"the other {notStarted} units of the {tier} tier were not started"
            : $"{notStarted} units of the {tier} tier were not started (of each rule only its first case was tried)";
        string note = $"not run: the loop {how} in {trip.Deaths.Count} units in a row with nothing getting through in between ({units}), so {rest}";
        return new Finding(ruleId, trip.Hung ? Severity.Hang : Severity.Crash, -1, ["its cases run to their end"], note, trip.After);
    }

    private Trip? OpenTrip(Tier tier) => _trips.LastOrDefault(t => t.Tier == tier && t.Open);
}
