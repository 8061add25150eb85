using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Model;

/// <summary>Calls into the loop: how each return moves the model, and the facts it yields.</summary>
public sealed partial class TraceAnalyzer
{
    private void OnCallStarted(CallStarted c)
    {
        _open.Push(c);
        NoteGivenSlot(c);
        if (_iteration is null || !c.InCallback)
        {
            return;
        }

        // A callback called into the loop: the contract lets the loop act on the old or the
        // new state for the rest of this iteration, so what it touches is exempt until the next.
        _iteration.Mutated = true;
        if (c.Call is CallKind.AddHandle && c.Slot >= 0)
        {
            _iteration.TouchedSlots.Add(c.Slot);
            _iteration.FirstSlotTouch.TryAdd(c.Slot, c.Seq);
        }

        if (c.Call is CallKind.UpdateHandle or CallKind.RemoveHandle)
        {
            TouchById(c.Id, timer: false, c.Seq);
        }
        else if (c.Call is CallKind.UpdateTimeout or CallKind.RemoveTimeout)
        {
            TouchById(c.Id, timer: true, c.Seq);
        }
    }

    private void TouchById(int id, bool timer, int seq)
    {
        int? key = timer ? _state.LiveTimer(id)?.RegKey : _state.LiveWatch(id)?.RegKey;
        if (key is int k)
        {
            _iteration!.TouchedRegs.Add(k);
            _iteration.FirstRegTouch.TryAdd(k, seq);
        }
    }

    private void OnCallEnded(CallEnded e)
    {
        var c = _open.Count > 0 ? _open.Pop() : null;
        if (c is null)
        {
            return;
        }

        ThrowEndsCall(e);
        bool inCallback = c.InCallback;
        switch (c.Call)
        {
            case CallKind.AddHandle:
            case CallKind.AddTimeout:
                OnAddReturned(c, e, inCallback);
                break;
            case CallKind.UpdateHandle:
                OnUpdateHandle(c, e, inCallback);
                break;
            case CallKind.UpdateTimeout:
                OnUpdateTimeout(c, e, inCallback);
                break;
            case CallKind.RemoveHandle:
            case CallKind.RemoveTimeout:
                OnRemoveReturned(c, e, inCallback);
                break;
        }
    }

    private void OnAddReturned(CallStarted c, CallEnded e, bool inCallback)
    {
        bool timer = c.Call == CallKind.AddTimeout;
        int r = e.Result;
        bool live = e.Exception is null && (timer ? _state.LiveTimer(r) is not null : _state.LiveWatch(r) is not null);
        bool issued = timer ? _state.IssuedTimerIds.Contains(r) : _state.IssuedWatchIds.Contains(r);
        Emit(new AddReturned(e.Seq, e.Iteration, c.RegKey, timer, r, e.Exception, c.HasFf, live, issued, inCallback));

        bool failed = e.Exception is not null || r == -1;
        _state = _state.WithRecord(new RegistrationRecord(c.RegKey, timer, timer ? -1 : c.Slot, c.HasFf, r, failed, null, 0, false, false, 0, false));
        if (failed)
        {
            return;
        }

        if (timer)
        {
            // Armed no later than the call began (on the real clock the loop reads its clock inside the call).
            _state = _state.WithTimer(new TimerModel(c.RegKey, r, c.Arg, c.TimeMs, false, null, null, inCallback, false))
                with { IssuedTimerIds = _state.IssuedTimerIds.Add(r) };
        }
        else
        {
            _state = _state.WithWatch(new WatchModel(c.RegKey, r, c.Slot, (HandleEvents)c.Arg, HandleEvents.None, HandleEvents.None, inCallback, false, HandleEvents.None, 0))
                with { IssuedWatchIds = _state.IssuedWatchIds.Add(r) };
        }
    }

    private void OnUpdateHandle(CallStarted c, CallEnded e, bool inCallback)
    {
        var w = _state.LiveWatch(c.Id);
        Emit(new UpdateReturned(e.Seq, e.Iteration, false, c.Id, c.Arg, w is not null, e.Exception, inCallback));
        if (w is null)
        {
            MarkUpdatedAfterRemoval(c.Id, timer: false);
            return;
        }

        var mask = (HandleEvents)c.Arg;
        var asked = HandleEvents.Readable | HandleEvents.Writable;
        _state = _state.WithWatch(w with
        {
            Mask = mask,
            PastMasks = w.PastMasks | w.Mask,
            NewlyAsked = (w.NewlyAsked | (mask & ~w.Mask)) & mask & asked,
        });
    }

    private void OnUpdateTimeout(CallStarted c, CallEnded e, bool inCallback)
    {
        var t = _state.LiveTimer(c.Id);
        Emit(new UpdateReturned(e.Seq, e.Iteration, true, c.Id, c.Arg, t is not null, e.Exception, inCallback));
        if (t is null)
        {
            MarkUpdatedAfterRemoval(c.Id, timer: true);
            return;
        }

        _state = _state.WithTimer(t with
        {
            Frequency = c.Arg,
            ArmedAtMs = c.TimeMs,
            ChangedByUpdate = true,
            // Through a chain of updates with no fire between them, a loop that keeps deadlines
            // keeps the first one: remember that, not the model's idea after the last update.
            DueBeforeUpdateMs = t.ChangedByUpdate && t.DueBeforeUpdateMs is long first ? first : t.DueMs,
            ArmedBeforeUpdateMs = t.ChangedByUpdate ? t.ArmedBeforeUpdateMs : t.ArmedAtMs,
            Updates = t.Updates + 1,
            // Frequency 0's "deadline" is the next iteration: a loop that keeps it fires once more there.
            ZeroBeforeUpdateIteration = t.Frequency == 0 ? _state.Iteration + 1 : t.ChangedByUpdate ? t.ZeroBeforeUpdateIteration : null,
        });
    }

    private void MarkUpdatedAfterRemoval(int id, bool timer)
    {
        foreach (var r in _state.Registrations.Values.Where(r => r.IsTimer == timer && r.Removed && r.Id == id).ToList())
        {
            _state = _state.WithRecord(r with { UpdatedAfterRemoval = true });
        }
    }

    private void OnRemoveReturned(CallStarted c, CallEnded e, bool inCallback)
    {
        bool timer = c.Call == CallKind.RemoveTimeout;
        int? key = timer ? _state.LiveTimer(c.Id)?.RegKey : _state.LiveWatch(c.Id)?.RegKey;
        bool disabled = timer
            ? _state.LiveTimer(c.Id) is { Frequency: < 0 }
            : _state.LiveWatch(c.Id) is { Mask: HandleEvents.None };
        if (key is not null && e.Exception is null && e.Result == -1 && _open.Any(o => o.Call == c.Call && o.Id == c.Id))
        {
            // A remove of this very id is still open: this one came from a callback the loop ran
            // inside it. The loop may already have taken the registration out there, so -1 is
            // "already removed" (IDS-5, FREE-7), and the open remove must return 0 when it
            // returns. What the callback did is the callback rules' business, not this answer's.
            key = null;
            disabled = false;
        }

        var record = key is int k0 ? _state.Record(k0) : null;
        Emit(new RemoveReturned(e.Seq, e.Iteration, key ?? c.RegKey, timer, c.Id, e.Result, e.Exception, key is not null, disabled, record is { HasFf: false }, inCallback)
        {
            ResultDiscarded = _removeResultDiscarded,
        });

        // libvirt takes the registration as gone when remove returned 0, or whatever it returned
        // when the binding tells libvirt 0 anyway.
        if (key is not int k || e.Exception is not null || (e.Result != 0 && !_removeResultDiscarded))
        {
            return;
        }

        _state = timer ? _state with { Timers = _state.Timers.Remove(k) } : _state with { Watches = _state.Watches.Remove(k) };
        _state = _state.WithRecord(record! with { RemovedAtSeq = e.Seq, RemovedInIteration = _state.Iteration, RemovedWhileDisabled = disabled });
        if (record!.HasFf)
        {
            Emit(new FreeDue(e.Seq, e.Iteration, k, disabled));
        }
        else
        {
            _nullFfRemovedAt[k] = _state.Iteration;
        }
    }
}
