using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Libvirt;

/// <summary>The calls a fake-core scenario makes when a correct loop runs it, for
/// <see cref="CallSequence.FromScenario"/>: its steps in order, and the calls its callbacks make
/// from their reactions, placed at the iteration where a correct loop calls them back.</summary>
/// <remarks>
/// A small model of the fake core, enough for the workload profiles: a timer fires on an
/// <see cref="Iterate"/> when its frequency is 0, or when it is N &gt; 0 and the virtual clock
/// (moved by <see cref="Advance"/> and <see cref="AdvanceToDue"/>) has reached N ms after it was
/// armed (added, updated, or last fired). A watch is called back when its slot has unread bytes
/// (<see cref="FdAction.WriteToLoop"/>, until <see cref="FdAction.DrainLoopEnd"/> or its own
/// <see cref="ReactionKind.DrainOwnFd"/>) and its mask asks for Readable, or when the far end was
/// closed and its mask is not 0 (the hangup is reported unasked). Reactions modelled:
/// <see cref="ReactionKind.UpdateSelf"/>, <see cref="ReactionKind.RemoveSelf"/> and
/// <see cref="ReactionKind.DrainOwnFd"/>, on the first call only or on every call, and
/// <see cref="Reaction.OnHangup"/> (a watch whose far end was closed). Watches are
/// called back before timers in an iteration; the profiles have one registration each, so the
/// order between registrations never matters to a comparison.
/// </remarks>
internal sealed class ScenarioCalls
{
    private readonly List<string> _calls = [];
    private readonly List<Sim> _timers = [];
    private readonly List<Sim> _watches = [];
    private readonly HashSet<int> _unread = [];
    private readonly HashSet<int> _closed = [];
    private long _now;

    public static IReadOnlyList<string> Of(Scenario scenario)
    {
        var s = new ScenarioCalls();
        foreach (Step step in scenario.Steps)
        {
            s.Take(step);
        }

        return s._calls;
    }

    private void Take(Step step)
    {
        switch (step)
        {
            case AddTimer a:
                _calls.Add(CallSequence.AddTimeout(a.Frequency));
                _timers.Add(new Sim(true, a.Frequency, -1, Reactions(a.Reactions)) { ArmedAt = _now });
                break;
            case UpdateTimer u when Resolve(_timers, u.Target) is { } t:
                _calls.Add(CallSequence.UpdateTimeout(u.Frequency));
                t.Set(u.Frequency, _now);
                break;
            case RemoveTimer r when Resolve(_timers, r.Target) is { } t:
                _calls.Add("remove_timeout");
                t.Removed = true;
                break;
            case AddWatch w:
                _calls.Add(CallSequence.AddHandle(w.Mask));
                _watches.Add(new Sim(false, (int)w.Mask, w.Slot, Reactions(w.Reactions)));
                break;
            case UpdateWatch u when Resolve(_watches, u.Target) is { } w:
                _calls.Add(CallSequence.UpdateHandle(u.Mask));
                w.Set((int)u.Mask, _now);
                break;
            case RemoveWatch r when Resolve(_watches, r.Target) is { } w:
                _calls.Add("remove_handle");
                w.Removed = true;
                break;
            case Far f:
                Far(f);
                break;
            case Advance a:
                _now += a.Ms;
                break;
            case AdvanceToDue d when Resolve(_timers, d.Timer) is { Value: > 0, Removed: false } t && t.ArmedAt + t.Value + d.OffsetMs > _now:
                _now = t.ArmedAt + t.Value + d.OffsetMs;
                break;
            case Iterate:
                Iteration();
                break;
            case UpdateTimer or RemoveTimer or UpdateWatch or RemoveWatch or AdvanceToDue or CountFds:
                break; // nothing registered yet, or nothing to do
            default:
                throw new NotSupportedException($"step not modelled: {step.Describe()}");
        }
    }

    private void Far(Far f)
    {
        switch (f.Action)
        {
            case FdAction.WriteToLoop:
                _unread.Add(f.Slot);
                break;
            case FdAction.DrainLoopEnd:
                _unread.Remove(f.Slot);
                break;
            case FdAction.CloseFarEnd:
                _closed.Add(f.Slot);
                break;
            default:
                throw new NotSupportedException($"far-end action not modelled: {f.Describe()}");
        }
    }

    private void Iteration()
    {
        var due = _watches.Where(w => !w.Removed && w.Value != 0
                && (((w.Value & (int)HandleEvents.Readable) != 0 && _unread.Contains(w.Slot)) || _closed.Contains(w.Slot)))
            .Concat(_timers.Where(t => !t.Removed && (t.Value == 0 || (t.Value > 0 && _now >= t.ArmedAt + t.Value))))
            .ToList();
        foreach (Sim r in due.Where(r => !r.Removed))
        {
            r.ArmedAt = _now;
            CallBack(r);
        }
    }

    private void CallBack(Sim r)
    {
        bool hungUp = !r.Timer && _closed.Contains(r.Slot);
        r.HangupCalls += hungUp ? 1 : 0;
        foreach (Reaction reaction in r.Reactions.Where(x => x.OnHangup ? hungUp && (x.Repeat || r.HangupCalls == 1) : x.Repeat || r.Calls == 0))
        {
            switch (reaction.Kind)
            {
                case ReactionKind.UpdateSelf:
                    _calls.Add(r.Timer ? CallSequence.UpdateTimeout(reaction.Value) : CallSequence.UpdateHandle((HandleEvents)reaction.Value));
                    r.Set(reaction.Value, _now);
                    break;
                case ReactionKind.RemoveSelf:
                    _calls.Add(r.Timer ? "remove_timeout" : "remove_handle");
                    r.Removed = true;
                    break;
                case ReactionKind.DrainOwnFd when !r.Timer:
                    _unread.Remove(r.Slot);
                    break;
                default:
                    throw new NotSupportedException($"reaction not modelled: {reaction}");
            }
        }

        r.Calls++;
    }

    private static List<Reaction> Reactions(System.Collections.Immutable.ImmutableArray<Reaction> reactions) =>
        reactions.IsDefault ? [] : [.. reactions];

    private static Sim? Resolve(List<Sim> added, Target target) =>
        target.IsRaw ? throw new NotSupportedException($"raw ids are not modelled: {target}") : target.Pick(added);

    /// <summary>One registration: a timer (Value is its frequency) or a watch (Value is its mask).</summary>
    private sealed class Sim(bool timer, int value, int slot, List<Reaction> reactions)
    {
        public bool Timer { get; } = timer;

        public int Value { get; private set; } = value;

        public int Slot { get; } = slot;

        public List<Reaction> Reactions { get; } = reactions;

        public long ArmedAt { get; set; }

        public bool Removed { get; set; }

        public int Calls { get; set; }

        public int HangupCalls { get; set; }

        /// <summary>Updated (nothing comes back once removed); a timer's interval restarts.</summary>
        public void Set(int value, long now)
        {
            if (!Removed)
            {
                Value = value;
                ArmedAt = now;
            }
        }
    }
}
