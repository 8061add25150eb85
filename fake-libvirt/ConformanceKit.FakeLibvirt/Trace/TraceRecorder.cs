using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace ConformanceKit.FakeLibvirt.Trace;

/// <summary>Collects the events of one run in order, numbering them; thread-safe so the
/// threaded tier can record from several threads.</summary>
public sealed class TraceRecorder
{
    private readonly List<TraceEvent> _events = [];
    private readonly Lock _gate = new();

    public T Record<T>(T e)
        where T : TraceEvent
    {
        lock (_gate)
        {
            var numbered = e with { Seq = _events.Count };
            _events.Add(numbered);
            return (T)numbered;
        }
    }

    public ImmutableArray<TraceEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>SHA-256 over the canonical lines: equal for runs with the same seed and loop.</summary>
    public static string Hash(IEnumerable<TraceEvent> events)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1024];
        foreach (var e in events)
        {
            string line = e.Render() + "\n";
            int max = Encoding.UTF8.GetMaxByteCount(line.Length);
            if (max > buffer.Length)
            {
                buffer = new byte[max];
            }

            sha.AppendData(buffer, 0, Encoding.UTF8.GetBytes(line, buffer));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
