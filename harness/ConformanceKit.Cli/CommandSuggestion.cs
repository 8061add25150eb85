using System.CommandLine;

namespace ConformanceKit.Cli;

/// <summary>For a first word that is no command: the nearest command by edit distance, so that a
/// typo (<c>certfy</c>) gets one line naming what was meant instead of the parser's "Required
/// command was not provided".</summary>
internal static class CommandSuggestion
{
    /// <summary>Edits (insert, delete, substitute, swap two neighbours) beyond which a word is not
    /// taken for a typo of a command.</summary>
    private const int MaxDistance = 2;

    /// <summary>The one-line error for <paramref name="args"/>, or null when their first word is
    /// a command, an option, or absent.</summary>
    public static string? For(RootCommand root, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        var names = root.Subcommands.Select(c => c.Name).ToList();
        string word = args[0];
        if (names.Contains(word, StringComparer.Ordinal))
        {
            return null;
        }

        var (nearest, distance) = names.Select(n => (n, Distance(word.ToLowerInvariant(), n))).MinBy(x => x.Item2);
        string all = string.Join(", ", names);
        return distance <= MaxDistance
            ? $"unknown command '{word}': did you mean '{nearest}'? (commands: {all})"
            : $"unknown command '{word}' (commands: {all})";
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus the swap of two neighbours,
    /// the commonest typo.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
