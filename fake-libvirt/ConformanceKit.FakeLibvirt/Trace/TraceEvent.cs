using System.Collections.Immutable;

namespace ConformanceKit.FakeLibvirt.Trace;

/// <summary>One thing that happened during a run, stamped with where and when.</summary>
/// <remarks>
/// Every event carries the virtual time, the number of the iteration it happened in
/// (0 before the first), whether it ran on the thread that drives the loop, and the
/// core's stack at that moment (inside which call, which callback, which ff): the
/// rules judge timing from exactly these stamps. <see cref="Render"/> is the readable line and
/// <see cref="Encode"/> the same fields in the binary form the trace hash is computed over, so
/// neither may contain anything that varies between runs with the same seed (no raw fd numbers,
/// no managed thread ids).
/// </remarks>
public abstract record TraceEvent
{
    public int Seq { get; init; }

    public long TimeMs { get; init; }

    public int Iteration { get; init; }

    public bool OnLoopThread { get; init; } = true;

    public ImmutableArray<Frame> Stack { get; init; } = [];

    /// <summary>True while inside a handle or timeout callback.</summary>
    public bool InCallback => Has(FrameKind.HandleCallback, FrameKind.TimeoutCallback);

    /// <summary>True while inside a free callback.</summary>
    public bool InFree => Has(FrameKind.FreeCallback, FrameKind.FreeCallback);

    private bool Has(FrameKind a, FrameKind b)
    {
        foreach (var f in Stack)
        {
            if (f.Kind == a || f.Kind == b)
            {
                return true;
            }
        }

        return false;
    }

    public abstract string Body();

    /// <summary>This event in the canonical binary form the trace hash is computed over (see
    /// <see cref="TraceEncoder"/>): the stamps, then <see cref="EncodeBody"/>. A new event type
    /// writes every field its <see cref="Body"/> shows, after a tag no other type uses.</summary>
    public void Encode(TraceEncoder w)
    {
        w.Int(Seq);
        w.Long(TimeMs);
        w.Int(Iteration);
        w.Bool(OnLoopThread);
        w.Int(Stack.Length);
        foreach (var f in Stack)
        {
            w.Byte((byte)f.Kind);
            w.Byte((byte)f.Call);
            w.Int(f.RegKey);
        }

        EncodeBody(w);
    }

    protected abstract void EncodeBody(TraceEncoder w);

    public string Render() =>
        $"{Seq} t={TimeMs} it={Iteration}{(OnLoopThread ? string.Empty : " other-thread")} [{(Stack.IsEmpty ? string.Empty : string.Join('/', Stack))}] {Body()}";
}

/// <summary>A script step begins.</summary>
public sealed record StepStarted(int Step, string Text) : TraceEvent
{
    public override string Body() => $"step {Step}: {Text}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(1);
        w.Int(Step);
        w.Text(Text);
    }
}

/// <summary>A call into the loop begins. <see cref="RegKey"/> is the core's registration
/// the call concerns (for add: the new one; for update/remove: the one the id belongs to,
/// 0 if the id is nobody's).</summary>
public sealed record CallStarted(CallKind Call, int RegKey, int Id, int Arg, bool HasFf, int Slot = -1) : TraceEvent
{
    public override string Body() => $"call {Call} r{RegKey} id={Id} arg={Arg}{(Slot >= 0 ? $" slot={Slot}" : string.Empty)}{(HasFf ? string.Empty : " ff=null")}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(2);
        w.Byte((byte)Call);
        w.Int(RegKey);
        w.Int(Id);
        w.Int(Arg);
        w.Bool(HasFf);
        w.Int(Slot);
    }
}

/// <summary>A call into the loop returned (or threw: <see cref="Exception"/>).</summary>
public sealed record CallEnded(CallKind Call, int RegKey, int Id, int Result, string? Exception) : TraceEvent
{
    public override string Body() => $"return {Call} r{RegKey} -> {(Exception is null ? Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : "threw " + Exception)}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(3);
        w.Byte((byte)Call);
        w.Int(RegKey);
        w.Int(Id);
        w.Int(Result);
        w.Text(Exception);
    }
}

/// <summary>An iteration begins; <see cref="Kernel"/> is what poll said of each slot's fd just before.</summary>
public sealed record IterationStarted(ImmutableArray<short> Kernel) : TraceEvent
{
    public override string Body() => $"iteration begins kernel=[{string.Join(',', Kernel)}]";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(4);
        w.Int(Kernel.Length);
        foreach (short k in Kernel)
        {
            w.Int(k);
        }
    }
}

/// <summary>An iteration ended (or RunOnce threw).</summary>
public sealed record IterationEnded(string? Exception) : TraceEvent
{
    public override string Body() => Exception is null ? "iteration ends" : $"iteration threw {Exception}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(5);
        w.Text(Exception);
    }
}

/// <summary>The loop called a handle callback. <see cref="Slot"/> is the slot of the fd it passed
/// (-1 if none matches); <see cref="OpaqueOf"/> the registration the passed opaque belongs to
/// (0 for null, -1 for an object the core never made).</summary>
public sealed record HandleDispatched(int RegKey, int Watch, int Slot, HandleEvents Events, int OpaqueOf) : TraceEvent
{
    public override string Body() => $"handle-cb r{RegKey} watch={Watch} slot={Slot} events={Events} opaque=r{OpaqueOf}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(6);
        w.Int(RegKey);
        w.Int(Watch);
        w.Int(Slot);
        w.Int((int)Events);
        w.Int(OpaqueOf);
    }
}

/// <summary>A handle or timeout callback returned, or threw the exception its script told it to
/// (<see cref="Threw"/>, LIFE-2).</summary>
/// <remarks><see cref="Threw"/> is not hashed: whether a callback throws is fixed by its script
/// (hashed in the step's text) and by how many times it was called (hashed in the callbacks), so
/// the hash loses nothing, and a trace recorded before the mark existed keeps its hash.</remarks>
public sealed record CallbackReturned(int RegKey) : TraceEvent
{
    public bool Threw { get; init; }

    public override string Body() => Threw ? $"cb r{RegKey} throws (scripted)" : $"cb r{RegKey} returns";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(7);
        w.Int(RegKey);
    }
}

/// <summary>The loop called a timeout callback.</summary>
public sealed record TimerFired(int RegKey, int Timer, int OpaqueOf) : TraceEvent
{
    public override string Body() => $"timer-cb r{RegKey} timer={Timer} opaque=r{OpaqueOf}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(8);
        w.Int(RegKey);
        w.Int(Timer);
        w.Int(OpaqueOf);
    }
}

/// <summary>The loop called a free callback.</summary>
public sealed record FreeCalled(int RegKey, int OpaqueOf) : TraceEvent
{
    public override string Body() => $"ff r{RegKey} opaque=r{OpaqueOf}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(9);
        w.Int(RegKey);
        w.Int(OpaqueOf);
    }
}

/// <summary>The core acted on a slot's far end.</summary>
public sealed record FarActed(int Slot, Script.FdAction Action, string Result) : TraceEvent
{
    public override string Body() => $"far slot {Slot} {Action}: {Result}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(10);
        w.Int(Slot);
        w.Int((int)Action);
        w.Text(Result);
    }
}

/// <summary>The virtual clock moved.</summary>
public sealed record ClockAdvanced(long ByMs) : TraceEvent
{
    public override string Body() => $"clock +{ByMs} ms";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(11);
        w.Long(ByMs);
    }
}

/// <summary>The run entered a phase: <see cref="Phase"/> is "settle" (live registrations disabled,
/// iterations to let deferred free callbacks run), "dispose", or "real-clock" at the start of a
/// run on the system clock.</summary>
public sealed record PhaseStarted(string Phase) : TraceEvent
{
    /// <summary>The phase names: one spelling for every tier that writes a trace and every reader.</summary>
    public const string Settle = "settle", Dispose = "dispose", RealClock = "real-clock";

    public override string Body() => $"phase {Phase}";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(12);
        w.Text(Phase);
    }
}

/// <summary>The core checked the fds it gave the loop (HANDLE-10): <see cref="Status"/> by slot.
/// Recorded after dispose always, and after a remove_handle only when some fd is not the core's
/// any more (a loop that keeps its hands off costs no event there).</summary>
public sealed record FdsChecked(string When, ImmutableArray<Fds.FdStatus> Status) : TraceEvent
{
    public override string Body() => $"fds {When}: [{string.Join(',', Status)}]";

    protected override void EncodeBody(TraceEncoder w)
    {
        w.Byte(13);
        w.Text(When);
        w.Int(Status.Length);
        foreach (var s in Status)
        {
            w.Byte((byte)s);
        }
    }
}

/// <summary>The process's open fds, by number, listed at a <see cref="Script.CountFds"/> step (LIFE-4).</summary>
/// <remarks>A measurement of the process, like a latency, not an event of the run: other threads of
/// the same process (a test host running tests side by side, the runtime opening a file) open and
/// close fds meanwhile. So it is neither rendered nor hashed: the trace of a seed stays the same
/// byte for byte, and LIFE-4 judges the lists by its own rule (fds that appear in a cycle and stay
/// open, cycle after cycle).</remarks>
public sealed record FdsCounted(ImmutableArray<int> Open) : TraceEvent
{
    public override string Body() => "fds counted";

    protected override void EncodeBody(TraceEncoder w) => w.Byte(14);
}
