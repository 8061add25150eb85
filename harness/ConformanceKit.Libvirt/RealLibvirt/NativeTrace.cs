using System.Collections.Immutable;
using System.Diagnostics;
using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.Libvirt;

/// <summary>Writes what real libvirt and the loop did in the fake core's own trace vocabulary
/// (<see cref="TraceEvent"/>), so that the model and every rule judge real libvirt's session the
/// way they judge a generated scenario.</summary>
/// <remarks>
/// <para>Each libvirt API call the client makes is a step (<see cref="StepStarted"/>); each
/// <c>RunOnce</c> is an iteration whose start records what the kernel says of every fd libvirt
/// registered (its slots are those fds, in the order libvirt first added them); every call,
/// callback and ff is stamped with the stack at that moment, so "inside remove"
/// and "inside a callback" mean here what they mean in the fake core. Like the fake core's, the
/// stack is one for the session, not one per thread: a loop that runs a callback or an ff on a
/// thread of its own while a remove or another callback is under way is seen nested in it, as it is
/// in the fake core (FREE-3, FREE-4, REENTRY-3).</para>
/// <para>The clock is real (milliseconds since the session began), announced by a
/// <c>real-clock</c> phase so that the analyzer applies its timing slack. The trace is only
/// judged when one thread makes libvirt's calls and runs the loop (the native case does): calls
/// from two threads at once would interleave their start and end events.</para>
/// </remarks>
internal sealed class NativeTrace
{
    private readonly TraceRecorder _trace = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Frame> _stack = [];

    /// <summary>The managed thread that pushed each frame of <see cref="_stack"/>, index by index.</summary>
    private readonly List<int> _pushedBy = [];
    private readonly List<int> _slotFds = [];

    /// <summary>The slot of each watch libvirt holds (added, not yet removed), by registration key.</summary>
    private readonly Dictionary<int, int> _watchSlots = [];
    private int _iteration;
    private int _step;
    private int _nextKey;
    private int _loopThread = Environment.CurrentManagedThreadId;

    /// <summary>For each event, by its Seq: the managed thread it came on, and whether that thread
    /// was inside one of libvirt's callbacks (the trace's stack is one for the session; this is
    /// the thread's own). What <see cref="Crossings"/> reads besides the events.</summary>
    private readonly List<(int Thread, bool InsideCallback)> _threads = [];
    private readonly Func<bool> _insideCallback;

    /// <param name="insideCallback">Whether the calling thread is inside one of libvirt's callbacks.</param>
    public NativeTrace(Func<bool> insideCallback)
    {
        _insideCallback = insideCallback;
        Record(new PhaseStarted(PhaseStarted.RealClock));
    }

    public ImmutableArray<TraceEvent> Events => _trace.Events;

    /// <summary>How many events so far: the Seq the next one gets.</summary>
    public int Count
    {
        get
        {
            lock (_threads)
            {
                return _threads.Count;
            }
        }
    }

    /// <summary>The session's crossings between libvirt and the loop, derived from the events
    /// (<see cref="NativeCrossings"/>).</summary>
    public List<LoopCall> Crossings()
    {
        ImmutableArray<TraceEvent> events;
        (int, bool)[] threads;
        int[] fds;
        lock (_threads)
        {
            events = _trace.Events;
            threads = [.. _threads];
        }

        lock (_slotFds)
        {
            fds = [.. _slotFds];
        }

        return NativeCrossings.From(events, threads, slot => slot >= 0 && slot < fds.Length ? fds[slot] : -1);
    }

    /// <summary>How many <c>RunOnce</c> calls so far.</summary>
    public int Iterations => Volatile.Read(ref _iteration);

    /// <summary>A new registration key (the fake core's <c>r1</c>, <c>r2</c>, ...).</summary>
    public int NewKey() => Interlocked.Increment(ref _nextKey);

    /// <summary>The slot standing for <paramref name="fd"/>, made on first sight; -1 for a negative fd.</summary>
    public int SlotOf(int fd)
    {
        if (fd < 0)
        {
            return -1;
        }

        lock (_slotFds)
        {
            int i = _slotFds.IndexOf(fd);
            if (i < 0)
            {
                _slotFds.Add(fd);
                i = _slotFds.Count - 1;
            }

            return i;
        }
    }

    /// <summary>The slot of an fd libvirt registered, or -1 for any other (a loop passing a wrong fd
    /// to a callback: HANDLE-7 judges it, as in the fake core).</summary>
    public int KnownSlotOf(int fd)
    {
        lock (_slotFds)
        {
            return fd < 0 ? -1 : _slotFds.IndexOf(fd);
        }
    }

    /// <summary>libvirt holds the watch <paramref name="regKey"/> on the fd of <paramref name="slot"/> (its add did not fail).</summary>
    public void WatchAdded(int regKey, int slot)
    {
        lock (_slotFds)
        {
            if (slot >= 0)
            {
                _watchSlots[regKey] = slot;
            }
        }
    }

    /// <summary>remove_handle of the watch <paramref name="regKey"/> returned 0.</summary>
    public void WatchRemoved(int regKey)
    {
        lock (_slotFds)
        {
            _watchSlots.Remove(regKey);
        }
    }

    /// <summary>The client is about to call a libvirt API function; returns the step's Seq.</summary>
    public int Step(string function) => Record(new StepStarted(Interlocked.Increment(ref _step) - 1, function));

    /// <summary>One <c>RunOnce</c> of the loop, bracketed as an iteration.</summary>
    public void Iteration(Action runOnce)
    {
        Interlocked.Increment(ref _iteration);
        Volatile.Write(ref _loopThread, Environment.CurrentManagedThreadId);
        Record(new IterationStarted(PollSlots()));
        Push(new Frame(FrameKind.RunOnce, CallKind.None, 0));
        string? error = null;
        try
        {
            runOnce();
        }
        catch (Exception e)
        {
            error = e.GetType().Name;
            throw;
        }
        finally
        {
            lock (_stack)
            {
                _stack.Clear();
                _pushedBy.Clear();
            }

            Record(new IterationEnded(error));
        }
    }

    /// <summary>libvirt called one of the six functions; the returned frame is popped by <see cref="CallEnded"/>.</summary>
    public void CallStarted(CallKind call, int regKey, int id, int arg, bool hasFf, int slot = -1)
    {
        Record(new CallStarted(call, regKey, id, arg, hasFf, slot));
        Push(new Frame(FrameKind.Call, call, regKey));
    }

    public void CallEnded(CallKind call, int regKey, int id, int result, string? exception)
    {
        Pop();
        Record(new CallEnded(call, regKey, id, result, exception));
    }

    /// <summary>The loop called a handle callback; <paramref name="body"/> runs libvirt's callback inside its frame.</summary>
    public void Handle(int regKey, int watch, int slot, HandleEvents events, int opaqueOf, Action body)
    {
        Record(new HandleDispatched(regKey, watch, slot, events, opaqueOf));
        Inside(new Frame(FrameKind.HandleCallback, CallKind.None, regKey), body);
        Record(new CallbackReturned(regKey));
    }

    public void Timer(int regKey, int timer, int opaqueOf, Action body)
    {
        Record(new TimerFired(regKey, timer, opaqueOf));
        Inside(new Frame(FrameKind.TimeoutCallback, CallKind.None, regKey), body);
        Record(new CallbackReturned(regKey));
    }

    public void Free(int regKey, int opaqueOf, Action body)
    {
        Record(new FreeCalled(regKey, opaqueOf));
        Inside(new Frame(FrameKind.FreeCallback, CallKind.None, regKey), body);
    }

    /// <summary>The session is over: free callbacks still missing now are missing for good.</summary>
    public void End() => Record(new PhaseStarted(PhaseStarted.Dispose));

    private void Inside(Frame frame, Action body)
    {
        Push(frame);
        try
        {
            body();
        }
        finally
        {
            Pop();
        }
    }

    private void Push(Frame frame)
    {
        lock (_stack)
        {
            _stack.Add(frame);
            _pushedBy.Add(Environment.CurrentManagedThreadId);
        }
    }

    /// <summary>Ends the calling thread's newest frame. The stack is one for the session, but a frame
    /// ends on the thread that began it: when the loop runs a callback on a thread of its own while
    /// the client's remove is under way, the remove's end must take the remove's frame, not the
    /// callback's above it (which would leave the callback's later events outside their callback).</summary>
    private void Pop()
    {
        lock (_stack)
        {
            int mine = _pushedBy.LastIndexOf(Environment.CurrentManagedThreadId);
            if (mine >= 0)
            {
                _stack.RemoveAt(mine);
                _pushedBy.RemoveAt(mine);
            }
        }
    }

    /// <summary>What the kernel says of each slot's fd; 0 (nothing) for an fd no watch holds. libvirt
    /// owns its fds and closes its socket once its watch is removed, so a reading then (POLLNVAL, or
    /// another file under the same number) says nothing of the loop: the fake core keeps its fds
    /// open to see whether the loop closed one, real libvirt does not (HANDLE-10 is judged here only
    /// while the watch lives).</summary>
    private ImmutableArray<short> PollSlots()
    {
        lock (_slotFds)
        {
            return [.. _slotFds.Select((fd, slot) => _watchSlots.ContainsValue(slot) ? ConformanceKit.Native.Fd.PollNow(fd) : (short)0)];
        }
    }

    private int Record(TraceEvent e)
    {
        ImmutableArray<Frame> stack;
        lock (_stack)
        {
            stack = [.. _stack];
        }

        bool inside = _insideCallback();
        lock (_threads)
        {
            _threads.Add((Environment.CurrentManagedThreadId, inside));
            return _trace.Record(e with
            {
                TimeMs = _clock.ElapsedMilliseconds,
                Iteration = Volatile.Read(ref _iteration),
                OnLoopThread = Environment.CurrentManagedThreadId == Volatile.Read(ref _loopThread),
                Stack = stack,
            }).Seq;
        }
    }
}
