namespace ConformanceKit.Tests.ReferenceLoop.Support;

/// <summary>Makes callbacks and free callbacks that record every call (thread-safe), with an
/// optional reaction run inside the call.</summary>
internal sealed class CallLog
{
    private readonly Lock _gate = new();
    private readonly List<Call> _calls = [];
    private int _running;
    private int _overlaps;

    /// <summary>Calls that started while another logged callback or ff was running (REENTRY-3, FREE-4).</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public HandleCallback Handle(Action<int, int, HandleEvents, object?>? then = null) =>
        (watch, fd, events, opaque) =>
        {
            Enter(new Call(CallKind.Handle, watch, fd, events, opaque, Environment.CurrentManagedThreadId, 0));
            try
            {
                then?.Invoke(watch, fd, events, opaque);
            }
            finally
            {
                Exit();
            }
        };

    public TimeoutCallback Timer(Action<int, object?>? then = null) =>
        (timer, opaque) =>
        {
            Enter(new Call(CallKind.Timer, timer, -1, HandleEvents.None, opaque, Environment.CurrentManagedThreadId, 0));
            try
            {
                then?.Invoke(timer, opaque);
            }
            finally
            {
                Exit();
            }
        };

    public FreeCallback Free(Action<object?>? then = null) =>
        opaque =>
        {
            Enter(new Call(CallKind.Free, 0, -1, HandleEvents.None, opaque, Environment.CurrentManagedThreadId, 0));
            try
            {
                then?.Invoke(opaque);
            }
            finally
            {
                Exit();
            }
        };

    public List<Call> Calls()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }

    public List<Call> Of(CallKind kind, int id) => Calls().FindAll(c => c.Kind == kind && c.Id == id);

    public int HandleCount(int watch) => Of(CallKind.Handle, watch).Count;

    public int TimerCount(int timer) => Of(CallKind.Timer, timer).Count;

    public List<HandleEvents> EventsOf(int watch) => Of(CallKind.Handle, watch).ConvertAll(c => c.Events);

    public int FreeCount(object opaque) => Calls().FindAll(c => c.Kind == CallKind.Free && ReferenceEquals(c.Opaque, opaque)).Count;

    public int Count(CallKind kind) => Calls().FindAll(c => c.Kind == kind).Count;

    public void Clear()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    private void Enter(Call call)
    {
        // Nesting > 0: this call started while another logged callback or ff was running,
        // on this thread (a callback inside a callback) or on another (REENTRY-3, FREE-4).
        int nesting = Interlocked.Increment(ref _running) - 1;
        if (nesting > 0)
        {
            Interlocked.Increment(ref _overlaps);
        }

        lock (_gate)
        {
            _calls.Add(call with { Nesting = nesting });
        }
    }

    private void Exit() => Interlocked.Decrement(ref _running);
}
