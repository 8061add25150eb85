using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.Libvirt;

/// <summary>A native session's crossings between libvirt and the loop (<see cref="LoopCall"/>),
/// derived from its one record, the native trace: each call's start with its end (what it
/// returned), each callback and ff, numbered by the event's Seq.</summary>
internal static class NativeCrossings
{
    /// <param name="events">The session's trace (<see cref="NativeTrace"/>).</param>
    /// <param name="threads">By Seq: the managed thread of each event, and whether that thread was
    /// inside one of libvirt's callbacks.</param>
    /// <param name="fdOf">The fd a slot stands for; -1 for none.</param>
    public static List<LoopCall> From(ImmutableArray<TraceEvent> events, IReadOnlyList<(int Thread, bool InsideCallback)> threads, Func<int, int> fdOf)
    {
        var calls = new List<LoopCall>();
        var open = new List<(CallStarted Start, int At)>();
        // What each registration is, once its add returned: its id, and whether it is a timer.
        var registrations = new Dictionary<int, (int Id, bool Timer)>();
        foreach (var e in events)
        {
            var (thread, inside) = e.Seq < threads.Count ? threads[e.Seq] : (0, false);
            LoopCall? made = e switch
            {
                CallStarted s => Started(s, fdOf),
                HandleDispatched h => new LoopCall(e.Seq, LoopCallKind.HandleCallback, h.Watch, fdOf(h.Slot), (int)h.Events, false, null, false, 0),
                TimerFired t => new LoopCall(e.Seq, LoopCallKind.TimeoutCallback, t.Timer, 0, 0, false, null, false, 0),
                FreeCalled f => new LoopCall(e.Seq, registrations.GetValueOrDefault(f.RegKey).Timer ? LoopCallKind.TimeoutFreeCallback : LoopCallKind.HandleFreeCallback,
                    registrations.GetValueOrDefault(f.RegKey).Id, 0, 0, false, null, false, 0),
                _ => null,
            };

            if (made is not null)
            {
                made = made with { InsideCallback = inside, Thread = thread }; // every kind takes them from the event's side record
                if (e is CallStarted started)
                {
                    open.Add((started, calls.Count));
                    if (started.Call is CallKind.AddHandle or CallKind.AddTimeout)
                    {
                        registrations[started.RegKey] = (0, started.Call == CallKind.AddTimeout); // an ff inside its own add has no id yet
                    }
                }

                calls.Add(made);
                continue;
            }

            if (e is CallEnded end && open.FindLastIndex(o => o.Start.Call == end.Call && o.Start.RegKey == end.RegKey) is var i and >= 0)
            {
                var (start, at) = open[i];
                open.RemoveAt(i);
                calls[at] = Ended(calls[at], start, end);
                if (start.Call is CallKind.AddHandle or CallKind.AddTimeout && end.Result >= 0)
                {
                    registrations[start.RegKey] = (end.Result, start.Call == CallKind.AddTimeout);
                }
            }
        }

        return calls;
    }

    /// <summary>A call as it started: adds have no id yet, updates and removes name theirs.</summary>
    private static LoopCall Started(CallStarted s, Func<int, int> fdOf) => s.Call switch
    {
        CallKind.AddHandle => new(s.Seq, LoopCallKind.AddHandle, 0, fdOf(s.Slot), s.Arg, s.HasFf, null, false, 0),
        CallKind.UpdateHandle => new(s.Seq, LoopCallKind.UpdateHandle, s.Id, 0, s.Arg, false, null, false, 0),
        CallKind.RemoveHandle => new(s.Seq, LoopCallKind.RemoveHandle, s.Id, 0, 0, false, null, false, 0),
        CallKind.AddTimeout => new(s.Seq, LoopCallKind.AddTimeout, 0, 0, s.Arg, s.HasFf, null, false, 0),
        CallKind.UpdateTimeout => new(s.Seq, LoopCallKind.UpdateTimeout, s.Id, 0, s.Arg, false, null, false, 0),
        _ => new(s.Seq, LoopCallKind.RemoveTimeout, s.Id, 0, 0, false, null, false, 0),
    };

    /// <summary>What an add or remove returned (an add's id is its result, 0 when it failed).</summary>
    private static LoopCall Ended(LoopCall c, CallStarted start, CallEnded end) => start.Call switch
    {
        CallKind.AddHandle or CallKind.AddTimeout => c with { Id = Math.Max(end.Result, 0), Return = end.Result },
        CallKind.RemoveHandle or CallKind.RemoveTimeout => c with { Return = end.Result },
        _ => c,
    };
}
