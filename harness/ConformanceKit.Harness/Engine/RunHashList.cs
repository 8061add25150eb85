using System.Collections;
using System.Runtime.CompilerServices;

namespace ConformanceKit.Harness.Engine;

/// <summary>Every run's trace hash, by origin, as a certification keeps them: 36 bytes a run in two
/// flat arrays, not a record and a 64-character string (about 180 bytes) each.</summary>
/// <remarks>The JSON report lists every run's hash (merged shards are checked against a whole run
/// by them), so a run keeps one per unit it made: with 40,000 runs in a 16 MB heap the records were
/// what ran the heap out (issue 15, item 4: memory flat in <c>--runs</c>). A hash that is not 64
/// lowercase hex digits (none is today: <see cref="FakeLibvirt.Trace.TraceRecorder"/> writes SHA-256 in hex)
/// is kept as its text.</remarks>
[CollectionBuilder(typeof(RunHashList), nameof(Create))]
public sealed class RunHashList : IReadOnlyList<RunHash>
{
    private const int HashBytes = 32;

    private int[] _origins = [];
    private byte[] _hashes = [];
    private Dictionary<int, string>? _texts; // by index: hashes kept as text
    private int _count;

    public static RunHashList Create(ReadOnlySpan<RunHash> runs)
    {
        var list = new RunHashList();
        foreach (var r in runs)
        {
            list.Add(r.Origin, r.Hash);
        }

        return list;
    }

    public int Count => _count;

    public RunHash this[int index] =>
        (uint)index < (uint)_count ? new(_origins[index], HashAt(index)) : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(int origin, string hash)
    {
        if (_count == _origins.Length)
        {
            int size = Math.Max(64, _count * 2);
            Array.Resize(ref _origins, size);
            Array.Resize(ref _hashes, size * HashBytes);
        }

        _origins[_count] = origin;
        if (!IsPackable(hash) || Convert.FromHexString(hash, _hashes.AsSpan(_count * HashBytes, HashBytes), out _, out _) != System.Buffers.OperationStatus.Done)
        {
            (_texts ??= [])[_count] = hash;
        }

        _count++;
    }

    /// <summary>The hashes in origin order: as they are when a run added them in plan order (no
    /// copy is made then), sorted otherwise.</summary>
    public IEnumerable<RunHash> ByOrigin()
    {
        for (int i = 1; i < _count; i++)
        {
            if (_origins[i] < _origins[i - 1])
            {
                return this.OrderBy(h => h.Origin);
            }
        }

        return this;
    }

    public IEnumerator<RunHash> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string HashAt(int index) =>
        _texts is not null && _texts.TryGetValue(index, out var text) ? text : Convert.ToHexStringLower(_hashes, index * HashBytes, HashBytes);

    // Lowercase only: packing must give back the very text it was given.
    private static bool IsPackable(string hash) =>
        hash.Length == 2 * HashBytes && hash.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
