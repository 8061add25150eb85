namespace ConformanceKit.Harness.Engine;

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/> (1-based, as on the command line
/// <c>--shard 2/4</c>): it runs the named cases and generated runs whose origin number modulo
/// <see cref="Count"/> is <see cref="Index"/> - 1. Every shard generates the same scenarios from
/// the same seed, so the shards together run exactly what one run would.</summary>
public sealed record Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(1, 1);

    public bool Owns(int origin) => origin % Count == Index - 1;

    /// <summary>Parses "I/N"; null with a reason when malformed.</summary>
    public static Shard? TryParse(string text, out string? error)
    {
        error = null;
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int i) && int.TryParse(parts[1], out int n) && n >= 1 && i >= 1 && i <= n)
        {
            return new Shard(i, n);
        }

        error = $"--shard '{text}' is not I/N with 1 <= I <= N";
        return null;
    }

    public override string ToString() => $"{Index}/{Count}";
}
