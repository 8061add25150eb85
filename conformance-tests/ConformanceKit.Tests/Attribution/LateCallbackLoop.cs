using System.Collections.Concurrent;
using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Attribution;

/// <summary>Loops with one bug, written for issue 16 item 7: once the reference loop's remove has
/// returned 0, the removed registration's callback is called once more from a thread of the
/// loop's own, as a loop whose worker thread still holds a stale reference does. Everything else,
/// the -1 of a second remove included, is the reference loop's.</summary>
public abstract class LateCallbackLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly ConcurrentDictionary<int, Action> _watches = new();
    private readonly ConcurrentDictionary<int, Action> _timers = new();
    private readonly ConcurrentDictionary<int, HandleEvents> _masks = new();

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddHandle(fd, events, callback, opaque, ff);
        if (id > 0)
        {
            _masks[id] = events;
            // With the bits its mask asks for: the bug is the call itself, not what it reports.
            _watches[id] = () =>
            {
                var bits = _masks.GetValueOrDefault(id) & (HandleEvents.Readable | HandleEvents.Writable);
                if (bits != HandleEvents.None)
                {
                    callback(id, fd, bits, opaque);
                }
            };
        }

        return id;
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        if (_masks.ContainsKey(watch))
        {
            _masks[watch] = events;
        }

        Inner.UpdateHandle(watch, events);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = Inner.AddTimeout(frequency, callback, opaque, ff);
        if (id > 0)
        {
            _timers[id] = () => callback(id, opaque);
        }

        return id;
    }

    public override int RemoveHandle(int watch) => Removed(Inner.RemoveHandle(watch), _watches, watch);

    public override int RemoveTimeout(int timer) => Removed(Inner.RemoveTimeout(timer), _timers, timer);

    private int Removed(int result, ConcurrentDictionary<int, Action> callbacks, int id)
    {
        if (result == 0 && callbacks.TryRemove(id, out var callback))
        {
            Late(callback);
        }

        return result;
    }

    /// <summary>What to do with the callback of a registration that is gone (the bug).</summary>
    protected abstract void Late(Action callback);

    /// <summary>Calls it on a thread of its own and waits for it (deterministic: one at a time).</summary>
    protected static void OnAnotherThread(Action callback)
    {
        var t = new Thread(() => callback()) { IsBackground = true, Name = "late-callback" };
        t.Start();
        t.Join();
    }
}

/// <summary>Calls the removed callback from another thread before remove returns to its caller:
/// from libvirt's side the callback runs inside remove_handle / remove_timeout, and a callback
/// that removes itself there is correctly told -1 (issue 16 item 7 charged that -1 to IDS-5).</summary>
public sealed class LateCallbackInsideRemoveLoop(TimeProvider time) : LateCallbackLoop(time)
{
    protected override void Late(Action callback) => OnAnotherThread(callback);
}

/// <summary>Calls the removed callback from another thread at the start of the next iteration,
/// after remove has returned 0 to its caller: FREE-1 (and THREAD-3 when the remove came from
/// another thread).</summary>
public sealed class LateCallbackAfterRemoveLoop(TimeProvider time) : LateCallbackLoop(time)
{
    private readonly ConcurrentQueue<Action> _late = new();

    protected override void Late(Action callback) => _late.Enqueue(callback);

    protected override void BeforeIteration()
    {
        while (_late.TryDequeue(out var callback))
        {
            OnAnotherThread(callback);
        }
    }
}
