using System.Text.RegularExpressions;

namespace ConformanceKit.Tests.Reports;

/// <summary>One test of a TAP stream, read as Perl's TAP::Parser reads it: the description runs
/// to the first unescaped <c>#</c>, and <c># TODO</c> / <c># SKIP</c> after it is the directive.
/// <see cref="Diagnostics"/> are the <c>#</c> lines that follow it, without the <c># </c>.</summary>
internal sealed partial record TapTest(bool Ok, int Number, string Description, string? Directive, string Reason, IReadOnlyList<string> Diagnostics)
{
    /// <summary>The tests of <paramref name="tap"/>; fails on a line that is neither the version,
    /// the plan, a test nor a diagnostic.</summary>
    public static IReadOnlyList<TapTest> Parse(string tap)
    {
        var tests = new List<TapTest>();
        var lines = tap.Split('\n');
        Assert.Equal("TAP version 13", lines[0]);
        Assert.Matches(@"^1\.\.\d+$", lines[1]);
        Assert.Equal(string.Empty, lines[^1]); // ends with a newline
        foreach (string line in lines[2..^1])
        {
            if (line.StartsWith('#'))
            {
                if (tests.Count > 0)
                {
                    ((List<string>)tests[^1].Diagnostics).Add(line.StartsWith("# ", StringComparison.Ordinal) ? line[2..] : line[1..]);
                }

                continue;
            }

            var m = TestLine().Match(line);
            Assert.True(m.Success, $"not a TAP line: {line}");
            string? directive = m.Groups[4].Success ? m.Groups[4].Value.ToUpperInvariant() : null;
            tests.Add(new TapTest(!m.Groups[1].Success, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value.Trim(), directive, m.Groups[5].Value, new List<string>()));
        }

        return tests;
    }

    /// <summary>The number in the plan line.</summary>
    public static int Plan(string tap) => int.Parse(tap.Split('\n')[1][3..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>TAP::Parser's test grammar (TAP/Parser/Grammar.pm), with " - " before the description.</summary>
    [GeneratedRegex(@"^(not )?ok (\d+) - ((?:[^\\#]|\\.)*)(?:#\s*(SKIP|TODO)\b\s*(.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TestLine();
}
