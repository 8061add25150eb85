using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Model;

/// <summary>Callbacks and free callbacks: facts about each, and how the model moves.</summary>
public sealed partial class TraceAnalyzer
{
    /// <summary>A callback starting while another callback or ff is on the stack (the
    /// stack stamped on the event already excludes the callback itself).</summary>
    private static bool NestedInCallbackOrFree(TraceEvent e) => e.InCallback || e.InFree;

    private RegistrationRecord RecordOf(int regKey) =>
        _state.Record(regKey) ?? new RegistrationRecord(regKey, false, -1, true, int.MinValue, false, null, 0, false, false, 0, false);

    private void OnHandle(HandleDispatched h)
    {
        var reg = RecordOf(h.RegKey);
        var live = _state.Watches.GetValueOrDefault(h.RegKey);
        var atStart = _iteration?.AtStart.Watches.GetValueOrDefault(h.RegKey);
        bool touched = _iteration?.IsTouched(h.RegKey, reg.Slot) ?? false;
        CallbackStarts(h.RegKey);
        Emit(new HandleCalled(h.Seq, h.Iteration, h.RegKey, h.Watch, h.Slot, h.Events, h.OpaqueOf, reg, live, atStart?.Mask,
            NestedInCallbackOrFree(h), h.OnLoopThread, touched));

        if (_closedSlots.ContainsKey(reg.Slot))
        {
            _afterClose[h.RegKey] = _afterClose.GetValueOrDefault(h.RegKey) | h.Events;
        }

        if (live is not null && live.AddedInCallback && !live.EverDispatched)
        {
            Emit(new AddedInCallbackDispatched(h.Seq, h.Iteration, h.RegKey, atStart is null));
        }

        if (_iteration is not null)
        {
            _iteration.Delivered[h.RegKey] = _iteration.Delivered.GetValueOrDefault(h.RegKey) | h.Events;
            _iteration.FirstCalled.TryAdd(h.RegKey, h.Seq);
            _iteration.HandleOrder.Add(h.RegKey);
        }

        if (live is not null)
        {
            bool sameIteration = live.LastDeliveredIteration == h.Iteration;
            _state = _state.WithWatch(live with
            {
                EverDispatched = true,
                NewlyAsked = live.NewlyAsked & ~h.Events,
                LastDelivered = sameIteration ? live.LastDelivered | h.Events : h.Events,
                LastDeliveredIteration = h.Iteration,
            });
        }

        if (_iteration is { Mutated: false })
        {
            _state = _state with { BitsEverDelivered = _state.BitsEverDelivered | h.Events };
        }
    }

    private void OnTimer(TimerFired t)
    {
        var reg = RecordOf(t.RegKey);
        var live = _state.Timers.GetValueOrDefault(t.RegKey);
        var atStart = _iteration?.AtStart.Timers.GetValueOrDefault(t.RegKey);
        int fires = 1;
        if (_iteration is not null)
        {
            fires = _iteration.Fires.GetValueOrDefault(t.RegKey) + 1;
            _iteration.Fires[t.RegKey] = fires;
            _iteration.TimerOrder.Add(t.RegKey);
        }

        bool touched = _iteration?.TouchedRegs.Contains(t.RegKey) ?? false;
        Emit(new TimerCalled(t.Seq, t.Iteration, t.RegKey, t.Timer, t.OpaqueOf, reg, live, atStart, _state.NowMs, _slackMs > 0 ? Tolerance.RealClockNoiseMs : 0, fires,
            NestedInCallbackOrFree(t), t.OnLoopThread, touched) { AfterThrow = CallbackStarts(t.RegKey) });

        if (live is not null && live.AddedInCallback && !live.EverFired)
        {
            Emit(new AddedInCallbackDispatched(t.Seq, t.Iteration, t.RegKey, atStart is null));
        }

        if (live is not null)
        {
            _state = _state.WithTimer(live with { ArmedAtMs = _state.NowMs, ChangedByUpdate = false, DueBeforeUpdateMs = null, ArmedBeforeUpdateMs = null, EverFired = true, ZeroBeforeUpdateIteration = null });
        }

        if (_iteration is { Mutated: false })
        {
            _state = _state with { TimerEverFired = true };
        }
    }

    private void OnFree(FreeCalled f)
    {
        var reg = RecordOf(f.RegKey);
        // Inside any remove call, not only its own: libvirt may hold its lock around either.
        bool insideRemove = f.Stack.Any(fr => fr.Kind == FrameKind.Call && fr.Call is CallKind.RemoveHandle or CallKind.RemoveTimeout);
        Emit(new FreeCalledFact(f.Seq, f.Iteration, f.RegKey, f.OpaqueOf, reg, insideRemove, f.InCallback, f.OnLoopThread, _phase));
        _state = _state.WithRecord(reg with { FreeCount = reg.FreeCount + 1 });
        if (_phase == PhaseStarted.Dispose)
        {
            _freesDuringDispose++;
        }
    }
}
