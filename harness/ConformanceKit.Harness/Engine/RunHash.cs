using System.Security.Cryptography;
using System.Text;

namespace ConformanceKit.Harness.Engine;

/// <summary>The trace hash of one run, by origin (named case index, then named cases + run number).</summary>
public sealed record RunHash(int Origin, string Hash)
{
    /// <summary>The certification's trace hash: SHA-256 over the run hashes in origin order, one
    /// per line. Shards merged in origin order give what one whole run gives.</summary>
    public static string Combine(IEnumerable<RunHash> runs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in runs.OrderBy(r => r.Origin))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(r.Hash + "\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
