using System.Collections.Immutable;
using System.Security.Cryptography;

namespace ConformanceKit.FakeLibvirt.Trace;

/// <summary>Collects the events of one run in order, numbering them; thread-safe so the
/// threaded tier can record from several threads.</summary>
public sealed class TraceRecorder
{
    private readonly List<TraceEvent> _events = [];
    private readonly Lock _gate = new();

    /// <summary>Sees every event recorded in this process, as it is recorded. Set only by an
    /// isolation worker (one certification per process), which keeps the step in progress where
    /// its parent can read it after a crash; null everywhere else.</summary>
    public static Action<TraceEvent>? Tap { get; set; }

    public T Record<T>(T e)
        where T : TraceEvent
    {
        lock (_gate)
        {
            var numbered = e with { Seq = _events.Count };
            _events.Add(numbered);
            Tap?.Invoke(numbered);
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

    /// <summary>SHA-256 over the canonical binary form (<see cref="TraceEvent.Encode"/>): equal for
    /// runs with the same seed and loop.</summary>
    public static string Hash(IEnumerable<TraceEvent> events)
    {
        var w = t_encoder ??= new TraceEncoder();
        w.Clear();
        foreach (var e in events)
        {
            e.Encode(w);
        }

        return Convert.ToHexStringLower(SHA256.HashData(w.Written));
    }

    [ThreadStatic]
    private static TraceEncoder? t_encoder;
}
