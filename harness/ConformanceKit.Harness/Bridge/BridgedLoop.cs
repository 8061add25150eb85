using System.Collections.Concurrent;
using System.Text.Json;
using ConformanceKit.FakeLibvirt.Core;

namespace ConformanceKit.Harness.Bridge;

/// <summary>An <see cref="EventImpl"/> whose loop lives in an adapter process: each of the six
/// methods sends a call and waits for its result, serving the callbacks and free callbacks that
/// arrive meanwhile (docs/bridge-protocol.md, version 1).</summary>
/// <remarks>
/// <para>Callbacks are served on the thread that made the call, inside it: a free callback that
/// arrives while a remove is unanswered runs with the fake core's remove frame on its stack, and a
/// callback that arrives while another is being served is nested in it. So the stack stamps mean
/// for a bridged loop what they mean for a C# one (FREE-3, FREE-4, REENTRY-1..3).</para>
/// <para>One instance is one connection, and the adapter forks a fresh loop for it. A protocol error
/// or the adapter's death sets <see cref="Fault"/>; every later call then fails at once, and the
/// judge turns the scenario into a crash of the case.</para>
/// <para>A threaded loop (the threaded tier's) shares its connection among the harness threads
/// through <see cref="BridgeChannels"/>: each thread's calls, and the callbacks served inside
/// them, on a channel of its own; the adapter runs the loop on the real clock and a step waits
/// as the harness asks.</para>
/// </remarks>
internal sealed class BridgedLoop : EventImpl, IBridgedLoop, IRemoveResultPolicy
{
    private readonly BridgeAdapter _adapter;
    private readonly BridgeConnection _connection;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _start;
    private readonly ConcurrentDictionary<int, Registered> _registered = [];
    private readonly BridgeChannels? _channels;
    private int _nextId;
    private int _nextReg;
    private bool _disposed;

    // The exception a callback threw (LIFE-2's scripted throw), rethrown if it escapes the step.
    private Exception? _callbackThrew;

    private sealed record Registered(HandleCallback? Handle, TimeoutCallback? Timeout, object? Opaque, FreeCallback? Ff);

    /// <summary>Connects to <paramref name="adapter"/> and shakes hands; the clock's time now is the
    /// adapter's 0 ms.</summary>
    /// <exception cref="Loading.BadInputException">The adapter speaks no common version or cannot
    /// create the loop.</exception>
    /// <param name="threaded">A threaded session: several harness threads call the loop while one
    /// of them steps it, on the real clock.</param>
    public BridgedLoop(BridgeAdapter adapter, TimeProvider clock, bool threaded = false)
    {
        _adapter = adapter;
        _clock = clock;
        _start = clock.GetUtcNow();
        _connection = new BridgeConnection(adapter.SocketPath, adapter.FdsOnSideChannel);
        _channels = threaded ? new BridgeChannels(_connection, ServeForeign) : null;
        try
        {
            using var hello = Call($"\"op\":\"hello\",\"versions\":[1]{(threaded ? ",\"threads\":true" : string.Empty)}");
            Pid = hello.RootElement.GetProperty("pid").GetInt32();
            if (threaded && !(hello.RootElement.TryGetProperty("threads", out var t) && t.ValueKind == JsonValueKind.True))
            {
                throw new BridgeLoopException("the adapter does not run threaded sessions", scripted: false);
            }

            RemoveResultDiscarded = hello.RootElement.TryGetProperty("remove_result", out var rr) && rr.ValueKind == JsonValueKind.String && rr.GetString() == "discarded";
        }
        catch (BridgeLoopException e)
        {
            CloseConnection();
            throw new Loading.BadInputException(e.Message);
        }
        catch (BridgeFaultException)
        {
            CloseConnection();
            throw new Loading.BadInputException($"the bridge adapter failed at the handshake: {Fault}");
        }
    }

    /// <summary>The adapter child that hosts this loop.</summary>
    public int Pid { get; private set; }

    public string? Fault { get; private set; }

    /// <summary>The adapter's binding drops what remove returns and tells libvirt 0 (Perl's
    /// Sys::Virt; the hello answer's <c>remove_result</c> is <c>"discarded"</c>).</summary>
    public bool RemoveResultDiscarded { get; private set; }

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int reg = Register(new Registered(callback, null, opaque, ff));
        return Int($"\"op\":\"add_handle\",\"fd\":{fd},\"events\":{(int)events},\"ff\":{Bool(ff is not null)},\"reg\":{reg}", fd);
    }

    public override void UpdateHandle(int watch, HandleEvents events) =>
        Call($"\"op\":\"update_handle\",\"watch\":{watch},\"events\":{(int)events}").Dispose();

    public override int RemoveHandle(int watch) => Int($"\"op\":\"remove_handle\",\"watch\":{watch}");

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int reg = Register(new Registered(null, callback, opaque, ff));
        return Int($"\"op\":\"add_timeout\",\"ms\":{frequency},\"ff\":{Bool(ff is not null)},\"reg\":{reg}");
    }

    public override void UpdateTimeout(int timer, int frequency) =>
        Call($"\"op\":\"update_timeout\",\"timer\":{timer},\"ms\":{frequency}").Dispose();

    public override int RemoveTimeout(int timer) => Int($"\"op\":\"remove_timeout\",\"timer\":{timer}");

    /// <summary>One iteration of the loop at the clock's time now (ms since this loop was made).</summary>
    /// <remarks>The deterministic tier passes zero, and the adapter steps with a zero wait; in a
    /// threaded session the step may wait up to <paramref name="maxWait"/> (-1 ms: no limit).</remarks>
    public override void RunOnce(TimeSpan maxWait)
    {
        _callbackThrew = null;
        try
        {
            long waitMs = maxWait == Timeout.InfiniteTimeSpan ? -1 : (long)maxWait.TotalMilliseconds;
            Call(_channels is null ? "\"op\":\"step\"" : $"\"op\":\"step\",\"wait_ms\":{waitMs}").Dispose();
        }
        catch (BridgeLoopException e) when (e.Scripted && _callbackThrew is { } thrown)
        {
            // Our callback's exception went through the loop and out of its iteration.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(thrown);
        }
    }

    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (Fault is null)
            {
                Call("\"op\":\"dispose\"").Dispose();
            }
        }
        finally
        {
            CloseConnection();
            if (Fault is null)
            {
                _adapter.Forget(Pid);
            }
            else
            {
                Kill();
            }

            base.Dispose();
        }
    }

    public void Abandon()
    {
        Fault ??= $"hang: the adapter (pid {Pid}) did not answer in time; its stderr: {_adapter.ChildTail(Pid)}";
        Kill();
    }

    private void Kill()
    {
        try
        {
            if (Pid > 0)
            {
                System.Diagnostics.Process.GetProcessById(Pid).Kill();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private void CloseConnection()
    {
        if (_channels is not null)
        {
            _channels.Dispose();
        }
        else
        {
            _connection.Dispose();
        }
    }

    private int Register(Registered r)
    {
        int reg = Interlocked.Increment(ref _nextReg);
        _registered[reg] = r;
        return reg;
    }

    private static string Bool(bool b) => b ? "true" : "false";

    private int Int(string body, int fd = -1)
    {
        using var doc = Call(body, fd);
        return doc.RootElement.ValueKind == JsonValueKind.Number && doc.RootElement.TryGetInt32(out int v)
            ? v
            : throw Broke($"protocol error: a result that is not an int: {doc.RootElement.GetRawText()}");
    }

    /// <summary>Sends a request and serves the adapter's requests until its answer arrives.</summary>
    /// <returns>The answer's <c>ok</c> value.</returns>
    /// <exception cref="BridgeLoopException">The loop raised: the call failed.</exception>
    /// <exception cref="BridgeFaultException">The adapter broke the protocol or died.</exception>
    private JsonDocument Call(string body, int fd = -1)
    {
        if (Fault is not null)
        {
            throw new BridgeFaultException(Fault);
        }

        int id = Interlocked.Increment(ref _nextId);
        // Every request carries the virtual time: a call made after the clock moved (an update
        // between two steps) must arm its timer at the time now, not at the last step's. A
        // threaded session runs on the adapter's real clock instead.
        long nowMs = (long)(_clock.GetUtcNow() - _start).TotalMilliseconds;
        Send(_channels is null ? $"{{\"id\":{id},\"now_ms\":{nowMs},{body}}}" : $"{{\"id\":{id},{body}}}", fd);
        while (true)
        {
            string line = Read();
            using (var doc = Parse(line))
            {
                var m = doc.RootElement;
                if (m.ValueKind != JsonValueKind.Object)
                {
                    throw Broke($"protocol error: not an object: {Shown(line)}");
                }

                if (m.TryGetProperty("re", out var re))
                {
                    if (re.ValueKind != JsonValueKind.Number || re.GetInt32() != id)
                    {
                        throw Broke($"protocol error: an answer to a call that was not made (open: {id}): {Shown(line)}");
                    }

                    if (m.TryGetProperty("error", out var error))
                    {
                        bool scripted = m.TryGetProperty("scripted", out var s) && s.ValueKind == JsonValueKind.True;
                        throw new BridgeLoopException(error.ToString(), scripted);
                    }

                    return JsonDocument.Parse(m.TryGetProperty("ok", out var ok) ? ok.GetRawText() : "null");
                }

                Serve(m, line);
            }
        }
    }

    private JsonDocument Parse(string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw Broke($"protocol error: not JSON: {Shown(line)}");
        }
    }

    /// <summary>A request on a channel the adapter opened (a loop's own thread calling back).</summary>
    private void ServeForeign(string line)
    {
        using var doc = Parse(line);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || doc.RootElement.TryGetProperty("re", out _))
        {
            throw Broke($"protocol error: an answer on a channel no call of the harness opened: {Shown(line)}");
        }

        Serve(doc.RootElement, line);
    }

    /// <summary>Runs a callback or free callback the adapter asked for, and answers it.</summary>
    private void Serve(JsonElement m, string line)
    {
        if (!m.TryGetProperty("id", out var idElement) || !idElement.TryGetInt32(out int id)
            || !m.TryGetProperty("op", out var opElement) || opElement.GetString() is not { } op || op is not ("handle" or "timeout" or "free"))
        {
            throw Broke($"protocol error: not a callback of version 1: {Shown(line)}");
        }

        Registered? r = m.TryGetProperty("reg", out var regElement) && regElement.ValueKind == JsonValueKind.Number
            && _registered.TryGetValue(regElement.GetInt32(), out var found) ? found : null;
        string answer;
        try
        {
            switch (op)
            {
                case "handle" when r?.Handle is { } cb:
                    int fd = m.TryGetProperty("fd", out var fdElement) && fdElement.ValueKind == JsonValueKind.Number ? fdElement.GetInt32() : -1;
                    RunHandleCallback(Field(m, "watch", line), fd, (HandleEvents)Field(m, "events", line), cb, r.Opaque);
                    break;
                case "timeout" when r?.Timeout is { } cb:
                    RunTimeoutCallback(Field(m, "timer", line), cb, r.Opaque);
                    break;
                case "free" when r is not null:
                    FreeCallbackOpaque(r.Ff, r.Opaque);
                    break;
                default:
                    // libvirt-python's binding would call through an opaque it never made: refused.
                    Send($"{{\"re\":{id},\"error\":\"{op} with an opaque libvirt never gave the loop\"}}");
                    return;
            }

            answer = $"{{\"re\":{id},\"ok\":null}}";
        }
        catch (BridgeFaultException)
        {
            throw;
        }
        catch (Exception e)
        {
            _callbackThrew = e;
            answer = $"{{\"re\":{id},\"error\":{JsonSerializer.Serialize(e.GetType().Name)},\"scripted\":true}}";
        }

        Send(answer);
    }

    private int Field(JsonElement m, string name, string line) =>
        m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)
            ? i
            : throw Broke($"protocol error: no int field {name}: {Shown(line)}");

    private void Send(string line, int fd = -1)
    {
        try
        {
            if (_channels is not null)
            {
                _channels.Send(line, fd);
            }
            else
            {
                _connection.Send(line, fd);
            }
        }
        catch (BridgeFaultException e)
        {
            throw Broke(e.Message, e.Ended);
        }
    }

    private string Read()
    {
        try
        {
            return _channels?.ReadLine() ?? _connection.ReadLine();
        }
        catch (BridgeFaultException e)
        {
            throw Broke(e.Message, e.Ended);
        }
    }

    /// <summary>Marks the adapter as failed (the first fault wins) and kills its child.</summary>
    /// <param name="gone">The child's end of the connection is gone: it is dying, and its reaping
    /// says how (and by then its last words are written). One that broke the protocol alive is
    /// killed below. Its reaping can lag its end of file by more than 200 ms on a loaded machine (a
    /// CI run once saw the crash without "killed by signal 11"), so a dying child gets 2 s; the
    /// wait ends as soon as the exit is written, and costs only the case that died.</param>
    private BridgeFaultException Broke(string what, bool gone = false)
    {
        if (Fault is null)
        {
            string? ended = _adapter.ChildExit(Pid, TimeSpan.FromMilliseconds(gone ? 2000 : 20));
            Fault = $"{what}{(ended is null ? string.Empty : $", {ended}")}; adapter pid {Pid}, its stderr: {_adapter.ChildTail(Pid)}";
            Kill();
        }

        return new BridgeFaultException(Fault);
    }

    private static string Shown(string line) => line.Length > 200 ? line[..200] + "..." : line;
}
