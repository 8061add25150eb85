using ConformanceKit.FakeLibvirt.Fds;
using ConformanceKit.FakeLibvirt.Script;
using Microsoft.Extensions.Time.Testing;

namespace ConformanceKit.Benchmarks;

/// <summary>Executes a scenario's steps straight against a loop: the same calls, fd actions, clock
/// moves and callback reactions as the fake core, with no recording and no checking. The baseline
/// for the harness's overhead.</summary>
internal static class RawScenarioExecutor
{
    public static void Run(Scenario scenario, Func<TimeProvider, EventImpl> createLoop)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var slots = new FdSlots(scenario.Slots);
        using var loop = createLoop(clock);
        var watches = new List<int>();
        var timers = new List<int>();
        int Pick(List<int> ids, Target t) => t.IsRaw ? t.Value : ids.Count == 0 ? 4242 : t.Pick(ids);

        void React(IReadOnlyList<Reaction> rs, bool timer, int self, int slot, ref int calls)
        {
            calls++;
            foreach (var r in rs)
            {
                if (!r.Repeat && calls > 1)
                {
                    continue;
                }

                switch (r.Kind)
                {
                    case ReactionKind.DrainOwnFd when slot >= 0: slots[slot].Act(FdAction.DrainLoopEnd, 0); break;
                    case ReactionKind.RemoveSelf: _ = timer ? loop.RemoveTimeout(self) : loop.RemoveHandle(self); break;
                    case ReactionKind.UpdateSelf when timer: loop.UpdateTimeout(self, r.Value); break;
                    case ReactionKind.UpdateSelf: loop.UpdateHandle(self, (HandleEvents)r.Value); break;
                    case ReactionKind.RemoveOtherWatch: loop.RemoveHandle(Pick(watches, r.Target!)); break;
                    case ReactionKind.RemoveOtherTimer: loop.RemoveTimeout(Pick(timers, r.Target!)); break;
                    case ReactionKind.UpdateOtherWatch: loop.UpdateHandle(Pick(watches, r.Target!), (HandleEvents)r.Value); break;
                    case ReactionKind.UpdateOtherTimer: loop.UpdateTimeout(Pick(timers, r.Target!), r.Value); break;
                    case ReactionKind.AddWatch: watches.Add(loop.AddHandle(slots[r.Slot].LoopFd, (HandleEvents)r.Value, (_, _, _, _) => { }, null, _ => { })); break;
                    case ReactionKind.AddTimer: timers.Add(loop.AddTimeout(r.Value, (_, _) => { }, null, _ => { })); break;
                    case ReactionKind.RemoveUnknown: loop.RemoveHandle(r.Value); loop.RemoveTimeout(r.Value); break;
                    case ReactionKind.WriteToSlot: slots[r.Slot].Act(FdAction.WriteToLoop, 1); break;
                }
            }
        }

        foreach (var step in scenario.Steps)
        {
            switch (step)
            {
                case AddWatch a:
                {
                    int calls = 0, id = 0, slot = slots[a.Slot].Index;
                    var rs = a.Reactions.IsDefault ? [] : a.Reactions;
                    id = loop.AddHandle(a.InvalidFd ? -1 : slots[a.Slot].LoopFd, a.Mask, (_, _, _, _) => React(rs, false, id, slot, ref calls), null, a.WithFf ? _ => { } : null);
                    watches.Add(id);
                    break;
                }

                case AddTimer a:
                {
                    int calls = 0, id = 0;
                    var rs = a.Reactions.IsDefault ? [] : a.Reactions;
                    id = loop.AddTimeout(a.Frequency, (_, _) => React(rs, true, id, -1, ref calls), null, a.WithFf ? _ => { } : null);
                    timers.Add(id);
                    break;
                }

                case UpdateWatch u: loop.UpdateHandle(Pick(watches, u.Target), u.Mask); break;
                case RemoveWatch r: loop.RemoveHandle(Pick(watches, r.Target)); break;
                case UpdateTimer u: loop.UpdateTimeout(Pick(timers, u.Target), u.Frequency); break;
                case RemoveTimer r: loop.RemoveTimeout(Pick(timers, r.Target)); break;
                case Far f: slots[f.Slot].Act(f.Action, f.Bytes); break;
                case Advance adv: clock.Advance(TimeSpan.FromMilliseconds(adv.Ms)); break;
                case AdvanceToDue: clock.Advance(TimeSpan.FromMilliseconds(1)); break;
                case Iterate:
                    try
                    {
                        loop.RunOnce(TimeSpan.Zero);
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    break;
            }
        }

        for (int i = 0; i < 3; i++)
        {
            loop.RunOnce(TimeSpan.Zero);
        }
    }
}
