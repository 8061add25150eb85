using System.Collections.Immutable;
using System.Text.Json;
using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.Harness.Native.Bridged;

/// <summary>Writes what a real binding's session saw cross between real libvirt and a bridged loop
/// (<c>Bridge/perl/ck_sysvirt.pl</c> for Sys::Virt and a Perl loop, <c>Bridge/python/ck_libvirt_python.py</c>
/// for libvirt-python and a Python loop; one JSON object per line, docs/perl.md) in the fake core's
/// trace vocabulary, with the stack stamps the C# native trace gives: calls, callbacks and ffs nest
/// as they were reported, so "inside remove" and "inside a callback" mean here what they mean in
/// the fake core.</summary>
/// <remarks>The times are the session's own (ms since it began, on the real clock), announced by a
/// <c>real-clock</c> phase so that the analyzer applies its timing slack. The session is
/// single-threaded: every event is on the loop's thread.</remarks>
internal sealed class BridgedSessionLog
{
    private readonly TraceRecorder _trace = new();
    private readonly List<Frame> _stack = [];
    private int _iteration;

    private BridgedSessionLog() => Record(new PhaseStarted(PhaseStarted.RealClock), 0);

    /// <summary>The events, in order.</summary>
    public ImmutableArray<TraceEvent> Events => _trace.Events;

    /// <summary>Lifecycle events that arrived, and how many the session expected.</summary>
    public int EventsArrived { get; private set; }

    public int EventsExpected { get; private set; }

    /// <summary>The reason libvirt's close callback gave (a remote session), or null if it never came.</summary>
    public int? CloseReason { get; private set; }

    /// <summary>What the killed session saw (<c>--killed</c>), or null.</summary>
    public DaemonGone? Gone { get; private set; }

    /// <summary>Every handle callback after the daemon was killed: what the loop reported, and
    /// whether the kernel said POLLHUP at that moment (then the loop owed the Hangup bit).</summary>
    public List<(HandleEvents Events, bool KernelHangup)> AfterKill { get; } = [];

    /// <summary>What went wrong in the session, or null; also set when the log ended early.</summary>
    public string? Failure { get; private set; }

    /// <summary>Reads a whole session's lines.</summary>
    /// <exception cref="FormatException">A line is not one of the session's events.</exception>
    public static BridgedSessionLog Read(IEnumerable<string> lines)
    {
        var log = new BridgedSessionLog();
        bool done = false;
        foreach (string line in lines.Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            done |= log.Take(doc.RootElement);
        }

        if (!done)
        {
            log.Failure ??= "the session ended before it was done";
        }

        return log;
    }

    private bool Take(JsonElement m)
    {
        long t = m.GetProperty("t").GetInt64();
        switch (Str(m, "ev"))
        {
            case "step":
                Record(new StepStarted(Int(m, "n"), Str(m, "fn")), t);
                break;
            case "iteration":
                _iteration++;
                Record(new IterationStarted([.. m.GetProperty("kernel").EnumerateArray().Select(k => (short)k.GetInt32())]), t);
                _stack.Add(new Frame(FrameKind.RunOnce, CallKind.None, 0));
                break;
            case "iteration_end":
                _stack.Clear();
                Record(new IterationEnded(NullableStr(m, "error")), t);
                break;
            case "call":
                var call = Call(m);
                Record(new CallStarted(call, Int(m, "reg"), Int(m, "id"), Int(m, "arg"), m.GetProperty("ff").GetBoolean(), Int(m, "slot")), t);
                _stack.Add(new Frame(FrameKind.Call, call, Int(m, "reg")));
                break;
            case "return":
                Pop();
                Record(new CallEnded(Call(m), Int(m, "reg"), Int(m, "id"), Int(m, "result"), NullableStr(m, "error")), t);
                break;
            case "handle":
                Record(new HandleDispatched(Int(m, "reg"), Int(m, "watch"), Int(m, "slot"), (HandleEvents)Int(m, "events"), Int(m, "opaque_of")), t);
                if (m.TryGetProperty("kernel_hup", out var hup))
                {
                    AfterKill.Add(((HandleEvents)Int(m, "events"), hup.GetBoolean()));
                }

                _stack.Add(new Frame(FrameKind.HandleCallback, CallKind.None, Int(m, "reg")));
                break;
            case "timer":
                Record(new TimerFired(Int(m, "reg"), Int(m, "timer"), Int(m, "opaque_of")), t);
                _stack.Add(new Frame(FrameKind.TimeoutCallback, CallKind.None, Int(m, "reg")));
                break;
            case "returned":
                Pop();
                Record(new CallbackReturned(Int(m, "reg")), t);
                break;
            case "free":
                Record(new FreeCalled(Int(m, "reg"), Int(m, "opaque_of")), t);
                _stack.Add(new Frame(FrameKind.FreeCallback, CallKind.None, Int(m, "reg")));
                break;
            case "freed":
                Pop();
                break;
            case "closed":
                CloseReason ??= Int(m, "reason");
                break;
            case "gone":
                Gone = new DaemonGone(m.GetProperty("closed").GetBoolean(),
                    m.TryGetProperty("closed_after_ms", out var after) ? after.GetDouble() : null,
                    Int(m, "iterations_until_closed"), m.GetProperty("next_call_failed").GetBoolean());
                break;
            case "lifecycle":
                break; // counted by "done"; the event timer's callback that delivered it is in the trace
            case "end":
                Record(new PhaseStarted(PhaseStarted.Dispose), t);
                break;
            case "done":
                EventsArrived = Int(m, "events");
                EventsExpected = m.TryGetProperty("expected", out var e) ? e.GetInt32() : 0;
                Failure = NullableStr(m, "failure");
                return true;
            default:
                throw new FormatException($"not an event of the session: {m.GetRawText()}");
        }

        return false;
    }

    private static CallKind Call(JsonElement m) =>
        Enum.TryParse<CallKind>(Str(m, "call"), out var c) ? c : throw new FormatException($"unknown call: {m.GetRawText()}");

    private static int Int(JsonElement m, string name) => m.GetProperty(name).GetInt32();

    private static string Str(JsonElement m, string name) => m.GetProperty(name).GetString() ?? string.Empty;

    private static string? NullableStr(JsonElement m, string name) =>
        m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private void Pop()
    {
        if (_stack.Count > 0)
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
    }

    private void Record(TraceEvent e, long t) =>
        _trace.Record(e with { TimeMs = t, Iteration = _iteration, OnLoopThread = true, Stack = [.. _stack] });
}

/// <summary>What a killed session saw: whether libvirt's close callback came, how long after the
/// kill and how many iterations that took, and whether libvirt's next call failed.</summary>
public sealed record DaemonGone(bool Closed, double? ClosedAfterMs, int IterationsUntilClosed, bool NextCallFailed);
