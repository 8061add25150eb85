using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>The instrumented callbacks and the scripted reactions they run.</summary>
public sealed partial class FakeCore
{
    private void OnHandle(Registration reg, int watch, int fd, HandleEvents events, object? opaque)
    {
        Record(new HandleDispatched(reg.Key, watch, Slots.SlotOf(fd) is var s && s >= 0 ? s : (fd == reg.Fd ? reg.Slot : -1), events, Opaque.OwnerOf(opaque)));
        RunCallback(reg, FrameKind.HandleCallback, (events & (HandleEvents.Hangup | HandleEvents.Error)) != HandleEvents.None);
    }

    private void OnTimer(Registration reg, int timer, object? opaque)
    {
        Record(new TimerFired(reg.Key, timer, Opaque.OwnerOf(opaque)));
        reg.ArmedAtMs = _nowMs();
        RunCallback(reg, FrameKind.TimeoutCallback, hungUp: false);
    }

    private void OnFree(Registration reg, object? opaque)
    {
        Record(new FreeCalled(reg.Key, Opaque.OwnerOf(opaque)));
        reg.Freed = true;
        Push(new Frame(FrameKind.FreeCallback, CallKind.None, reg.Key));
        try
        {
            FreeHook?.Invoke(reg);
        }
        finally
        {
            Pop();
        }
    }

    /// <summary>Runs inside every free callback; the threaded tier uses it to make an ff wait
    /// for another thread (FREE-5).</summary>
    public Action<Registration>? FreeHook { get; set; }

    /// <remarks>A scripted throw (LIFE-2) is marked on the callback's return, whatever the loop then
    /// does with the exception: let it out of RunOnce, or catch it and go on.</remarks>
    private void RunCallback(Registration reg, FrameKind kind, bool hungUp)
    {
        reg.Calls++;
        reg.HangupCalls += hungUp ? 1 : 0;
        bool threw = false;
        Push(new Frame(kind, CallKind.None, reg.Key));
        try
        {
            foreach (var reaction in reg.Reactions)
            {
                if (reaction.OnHangup ? hungUp && (reaction.Repeat || reg.HangupCalls == 1) : reaction.Repeat || reg.Calls == 1)
                {
                    React(reg, reaction);
                }
            }
        }
        catch (ScriptedCallbackException e) when (e.RegKey == reg.Key)
        {
            threw = true;
            throw;
        }
        finally
        {
            Pop();
            Record(new CallbackReturned(reg.Key) { Threw = threw });
        }
    }

    private void React(Registration self, Reaction r)
    {
        var me = Target.Raw(self.Id);
        switch (r.Kind)
        {
            case ReactionKind.DrainOwnFd when self.Slot >= 0:
                Record(new FarActed(self.Slot, FdAction.DrainLoopEnd, Slots[self.Slot].Act(FdAction.DrainLoopEnd, 0)));
                break;
            case ReactionKind.RemoveSelf when self.IsTimer:
                RemoveTimer(me);
                break;
            case ReactionKind.RemoveSelf:
                RemoveWatch(me);
                break;
            case ReactionKind.UpdateSelf when self.IsTimer:
                UpdateTimer(me, r.Value);
                break;
            case ReactionKind.UpdateSelf:
                UpdateWatch(me, (HandleEvents)r.Value);
                break;
            case ReactionKind.RemoveOtherWatch:
                RemoveWatch(r.Target ?? me);
                break;
            case ReactionKind.RemoveOtherTimer:
                RemoveTimer(r.Target ?? me);
                break;
            case ReactionKind.UpdateOtherWatch:
                UpdateWatch(r.Target ?? me, (HandleEvents)r.Value);
                break;
            case ReactionKind.UpdateOtherTimer:
                UpdateTimer(r.Target ?? me, r.Value);
                break;
            case ReactionKind.AddWatch:
                AddWatch(r.Slot, (HandleEvents)r.Value, withFf: true, []);
                break;
            case ReactionKind.AddTimer:
                AddTimer(r.Value, withFf: true, []);
                break;
            case ReactionKind.RemoveUnknown:
                RemoveWatch(Target.Raw(r.Value));
                RemoveTimer(Target.Raw(r.Value));
                break;
            case ReactionKind.WriteToSlot:
                Record(new FarActed(Slots[r.Slot].Index, FdAction.WriteToLoop, Slots[r.Slot].Act(FdAction.WriteToLoop, 1)));
                break;
            case ReactionKind.Throw:
                throw new ScriptedCallbackException(self.Key);
        }
    }
}
