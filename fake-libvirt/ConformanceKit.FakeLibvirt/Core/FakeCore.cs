using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Fds;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>Plays libvirt against one loop: makes the six calls, owns every callback, opaque
/// and free callback, and records all of it in a <see cref="TraceRecorder"/>.</summary>
/// <remarks>
/// <para>Every call, callback and free callback is recorded twice where it has extent (start
/// and end) with the core's stack at that moment, so the rules can tell "inside remove",
/// "inside a callback" and "at top level" apart (FREE-3, FREE-4, REENTRY-3).</para>
/// <para>Exceptions the loop throws from a call are recorded and swallowed: the run goes on, and
/// the rules decide what the exception means. Exceptions thrown by a scripted
/// <see cref="ReactionKind.Throw"/> propagate into the loop on purpose (LIFE-2).</para>
/// </remarks>
public sealed partial class FakeCore
{
    private readonly EventImpl _loop;
    private readonly Func<long> _nowMs;
    private readonly List<Frame> _stack = [];
    private readonly Lock _stackGate = new();
    private readonly List<Registration> _watches = [];
    private readonly List<Registration> _timers = [];
    private int _nextKey;

    public FakeCore(EventImpl loop, FdSlots slots, Func<long> nowMs, TraceRecorder trace)
    {
        _loop = loop;
        Slots = slots;
        _nowMs = nowMs;
        Trace = trace;
    }

    public FdSlots Slots { get; }

    /// <summary>True when the run uses the system clock (the native tier).</summary>
    public bool RealClock { get; init; }

    /// <summary>The loop under test.</summary>
    public EventImpl Loop => _loop;

    public TraceRecorder Trace { get; }

    /// <summary>The number of iterations started so far.</summary>
    public int Iteration { get; set; }

    /// <summary>The managed id of the thread that runs the loop.</summary>
    public int LoopThreadId { get; set; } = Environment.CurrentManagedThreadId;

    public IReadOnlyList<Registration> Watches => _watches;

    public IReadOnlyList<Registration> Timers => _timers;

    public long NowMs => _nowMs();

    /// <summary>Registrations removed with a free callback that has not run yet.</summary>
    public bool HasPendingFree => _watches.Concat(_timers).Any(r => r.Removed && r.HasFf && !r.Freed);

    public T Record<T>(T e)
        where T : TraceEvent
    {
        ImmutableArray<Frame> stack;
        lock (_stackGate)
        {
            stack = [.. _stack];
        }

        return Trace.Record(e with
        {
            TimeMs = _nowMs(),
            Iteration = Iteration,
            OnLoopThread = Environment.CurrentManagedThreadId == LoopThreadId,
            Stack = stack,
        });
    }

    public void Push(Frame f)
    {
        lock (_stackGate)
        {
            _stack.Add(f);
        }
    }

    /// <summary>Drops frames above <paramref name="depth"/>: after an exception escaped the loop,
    /// the frames of the callbacks it unwound through are gone too.</summary>
    public void ResetStackTo(int depth)
    {
        lock (_stackGate)
        {
            _stack.RemoveRange(depth, _stack.Count - depth);
        }
    }

    public void Pop()
    {
        lock (_stackGate)
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
    }

    /// <summary>add_handle on a slot (or on fd -1).</summary>
    public Registration AddWatch(int slot, HandleEvents mask, bool withFf, ImmutableArray<Reaction> reactions, bool invalidFd = false)
    {
        var fdSlot = Slots[slot];
        var reg = NewRegistration(isTimer: false, withFf, reactions, invalidFd ? -1 : fdSlot.Index, invalidFd ? -1 : fdSlot.LoopFd);
        reg.Setting = (int)mask;
        _watches.Add(reg);
        reg.Id = Invoke(CallKind.AddHandle, reg.Key, 0, (int)mask, withFf, reg.Slot,
            () => _loop.AddHandle(reg.Fd, mask, (w, fd, ev, op) => OnHandle(reg, w, fd, ev, op), reg.Opaque, withFf ? o => OnFree(reg, o) : null));
        return reg;
    }

    /// <summary>add_timeout.</summary>
    public Registration AddTimer(int frequency, bool withFf, ImmutableArray<Reaction> reactions)
    {
        var reg = NewRegistration(isTimer: true, withFf, reactions, -1, -1);
        reg.Setting = frequency;
        reg.ArmedAtMs = _nowMs();
        _timers.Add(reg);
        reg.Id = Invoke(CallKind.AddTimeout, reg.Key, 0, frequency, withFf, -1,
            () => _loop.AddTimeout(frequency, (t, op) => OnTimer(reg, t, op), reg.Opaque, withFf ? o => OnFree(reg, o) : null));
        return reg;
    }

    public void UpdateWatch(Target target, HandleEvents mask)
    {
        var (reg, id) = Resolve(target, _watches);
        if (reg is not null)
        {
            reg.Setting = (int)mask;
        }

        Invoke(CallKind.UpdateHandle, reg?.Key ?? 0, id, (int)mask, true, -1, () =>
        {
            _loop.UpdateHandle(id, mask);
            return 0;
        });
    }

    public void UpdateTimer(Target target, int frequency)
    {
        var (reg, id) = Resolve(target, _timers);
        if (reg is not null)
        {
            reg.Setting = frequency;
            reg.ArmedAtMs = _nowMs();
        }

        Invoke(CallKind.UpdateTimeout, reg?.Key ?? 0, id, frequency, true, -1, () =>
        {
            _loop.UpdateTimeout(id, frequency);
            return 0;
        });
    }

    public int RemoveWatch(Target target)
    {
        int result = Remove(target, _watches, CallKind.RemoveHandle, _loop.RemoveHandle);
        CheckFds("after remove_handle", always: false);
        return result;
    }

    public int RemoveTimer(Target target) => Remove(target, _timers, CallKind.RemoveTimeout, _loop.RemoveTimeout);

    private int Remove(Target target, List<Registration> regs, CallKind call, Func<int, int> remove)
    {
        var (reg, id) = Resolve(target, regs);
        bool threw = true;
        int result = Invoke(call, reg?.Key ?? 0, id, 0, true, -1, () =>
        {
            int r = remove(id);
            threw = false;
            return r;
        });
        if (reg is not null && !threw && (result == 0 || _loop is IRemoveResultPolicy { RemoveResultDiscarded: true }))
        {
            reg.Removed = true;
        }

        return result;
    }

    /// <summary>Disables every registration that is still live (watches to mask 0, timers to -1),
    /// through the loop's own update calls, recorded like any other: the first half of settling.</summary>
    /// <remarks>A loop that holds a removed registration's ff back while anything is ready (libvirt's
    /// own loops do, for timers) is given an idle loop to free it in; what it held back while busy
    /// stays FREE-6's business.</remarks>
    public void DisableLive()
    {
        foreach (var w in _watches.Where(r => r.Id > 0 && !r.Removed && r.Setting != 0).ToList())
        {
            w.Setting = 0;
            Invoke(CallKind.UpdateHandle, w.Key, w.Id, 0, true, -1, () =>
            {
                _loop.UpdateHandle(w.Id, HandleEvents.None);
                return 0;
            });
        }

        foreach (var t in _timers.Where(r => r.Id > 0 && !r.Removed && r.Setting != -1).ToList())
        {
            t.Setting = -1;
            t.ArmedAtMs = _nowMs();
            Invoke(CallKind.UpdateTimeout, t.Key, t.Id, -1, true, -1, () =>
            {
                _loop.UpdateTimeout(t.Id, -1);
                return 0;
            });
        }
    }

    /// <summary>Checks that every fd the core gave the loop is still open and still the same file
    /// (HANDLE-10). With <paramref name="always"/> false the check is recorded only when it found
    /// something: a loop that leaves the fds alone adds nothing to the trace there.</summary>
    public void CheckFds(string when, bool always)
    {
        var status = Slots.StatusAll();
        if (always || status.Any(s => s != FdStatus.Same))
        {
            Record(new FdsChecked(when, status));
        }
    }

    /// <summary>Lists the process's open fds (LIFE-4).</summary>
    public void CountFds() => Record(new FdsCounted(ProcessFds.OpenNumbers()));

    /// <summary>Resolves a target to the registration it names (if any) and the id to pass.
    /// A raw id is attributed to the newest registration the loop gave that id.</summary>
    private static (Registration? Reg, int Id) Resolve(Target target, List<Registration> regs)
    {
        if (target.IsRaw)
        {
            return (regs.LastOrDefault(r => r.Id == target.Value), target.Value);
        }

        if (regs.Count == 0)
        {
            // Nothing added yet: the reference becomes an id nobody holds.
            return (null, 4242);
        }

        var reg = target.Pick(regs)!;
        return (reg, reg.Id == int.MinValue ? -1 : reg.Id);
    }

    private Registration NewRegistration(bool isTimer, bool withFf, ImmutableArray<Reaction> reactions, int slot, int fd)
    {
        int key = ++_nextKey;
        return new Registration
        {
            Key = key,
            IsTimer = isTimer,
            Slot = slot,
            Fd = fd,
            Opaque = new Opaque(key),
            HasFf = withFf,
            Reactions = reactions.IsDefault ? [] : reactions,
            AddedInCallback = InCallback,
        };
    }

    private bool InCallback
    {
        get
        {
            lock (_stackGate)
            {
                return _stack.Any(f => f.Kind is FrameKind.HandleCallback or FrameKind.TimeoutCallback);
            }
        }
    }

    private int Invoke(CallKind call, int regKey, int id, int arg, bool hasFf, int slot, Func<int> body)
    {
        Record(new CallStarted(call, regKey, id, arg, hasFf, slot));
        Push(new Frame(FrameKind.Call, call, regKey));
        int result = -1;
        string? error = null;
        try
        {
            result = body();
        }
        catch (Exception e)
        {
            error = ForeignLoopException.NameOf(e);
        }
        finally
        {
            Pop();
        }

        Record(new CallEnded(call, regKey, id, result, error));
        return result;
    }
}
