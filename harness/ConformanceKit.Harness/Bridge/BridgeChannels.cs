using System.Collections.Concurrent;
using System.Text.Json;

namespace ConformanceKit.Harness.Bridge;

/// <summary>One connection shared by several harness threads: a threaded session
/// (docs/bridge-protocol.md, "Threaded sessions"). Every line carries <c>"ch"</c>, its channel;
/// a harness thread's calls, and the callbacks the adapter makes on the thread serving them, go on
/// that thread's channel.</summary>
/// <remarks>
/// <para>A reader thread reads every line and hands it to its channel's queue; each harness thread
/// reads only its own. So a callback the loop makes on its own thread reaches the harness thread
/// that is in <c>step</c>, and one made on a thread of the adapter that serves another harness
/// thread's call (an ff from inside remove) reaches that thread, inside its call, as over a
/// single-threaded connection.</para>
/// <para>The adapter numbers the channels of threads no harness call started (a loop's own thread
/// calling back) below zero; each such channel gets a harness thread that serves it.</para>
/// </remarks>
internal sealed class BridgeChannels : IDisposable
{
    private readonly BridgeConnection _connection;
    private readonly Action<string> _serveForeign;
    private readonly ConcurrentDictionary<int, BlockingCollection<string>> _queues = new();
    private readonly ThreadLocal<int> _mine = new(() => 0);
    private readonly Lock _sending = new();
    private readonly Thread _reader;
    private int _nextChannel;
    private volatile BridgeFaultException? _ended;

    /// <param name="serveForeign">Serves one request that arrived on a channel the adapter opened,
    /// on that channel's own harness thread.</param>
    public BridgeChannels(BridgeConnection connection, Action<string> serveForeign)
    {
        _connection = connection;
        _serveForeign = serveForeign;
        _reader = new Thread(ReadAll) { IsBackground = true, Name = "conformancekit-bridge-reader" };
        _reader.Start();
    }

    /// <summary>This thread's channel, opened on first use.</summary>
    private int Mine
    {
        get
        {
            if (_mine.Value == 0)
            {
                _mine.Value = Interlocked.Increment(ref _nextChannel);
            }

            return _mine.Value;
        }
    }

    /// <summary>Sends one line on this thread's channel.</summary>
    public void Send(string line, int fd = -1)
    {
        // The queue first: the answer may come before this thread reads.
        int channel = Mine;
        Queue(channel);
        // Each line is an object: the channel goes first, so nothing else in it is touched.
        string tagged = $"{{\"ch\":{channel},{line[1..]}";
        lock (_sending)
        {
            _connection.Send(tagged, fd);
        }
    }

    /// <summary>The next line on this thread's channel.</summary>
    /// <exception cref="BridgeFaultException">The adapter died or broke the protocol.</exception>
    public string ReadLine()
    {
        var queue = Queue(Mine);
        try
        {
            return queue.Take();
        }
        catch (InvalidOperationException)
        {
            throw _ended ?? new BridgeFaultException("the bridge connection was closed", ended: true);
        }
    }

    private BlockingCollection<string> Queue(int channel) => _queues.GetOrAdd(channel, _ => []);

    private void ReadAll()
    {
        try
        {
            while (true)
            {
                string line = _connection.ReadLine();
                int channel = ChannelOf(line);
                bool opened = false;
                var queue = _queues.GetOrAdd(channel, _ =>
                {
                    opened = true;
                    return [];
                });
                if (opened && channel < 0)
                {
                    StartForeign(channel);
                }
                else if (opened)
                {
                    throw new BridgeFaultException($"protocol error: a message on channel {channel}, which no harness thread opened: {Shown(line)}");
                }

                queue.Add(line);
            }
        }
        catch (BridgeFaultException e)
        {
            _ended = e;
        }
        catch (InvalidOperationException)
        {
            // Disposed while handing a line on.
        }
        finally
        {
            foreach (var q in _queues.Values)
            {
                q.CompleteAdding();
            }
        }
    }

    private void StartForeign(int channel)
    {
        var serving = new Thread(() =>
        {
            _mine.Value = channel;
            try
            {
                while (true)
                {
                    _serveForeign(ReadLine());
                }
            }
            catch (BridgeFaultException)
            {
                // The session ended: the loop that owns this connection reports how.
            }
        })
        { IsBackground = true, Name = $"conformancekit-bridge-channel{channel}" };
        serving.Start();
    }

    private static int ChannelOf(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("ch", out var ch)
                && ch.ValueKind == JsonValueKind.Number && ch.TryGetInt32(out int channel) && channel != 0)
            {
                return channel;
            }
        }
        catch (JsonException)
        {
            throw new BridgeFaultException($"protocol error: not JSON: {Shown(line)}");
        }

        throw new BridgeFaultException($"protocol error: a message of a threaded session without a channel: {Shown(line)}");
    }

    private static string Shown(string line) => line.Length > 200 ? line[..200] + "..." : line;

    public void Dispose()
    {
        _connection.Dispose(); // the reader's Receive returns 0, and it completes every queue
        _reader.Join(TimeSpan.FromSeconds(5));
        _mine.Dispose();
    }
}
