namespace ConformanceKit.Reports;

/// <summary>Parses and names <see cref="ReportFormats"/> as the command line spells them:
/// json, junit, md, html, badge, tap (comma-separated), or all.</summary>
public static class ReportFormatList
{
    private static readonly (string Name, ReportFormats Format, string File)[] Known =
    [
        ("json", ReportFormats.Json, "report.json"),
        ("junit", ReportFormats.Junit, "junit.xml"),
        ("md", ReportFormats.Markdown, "summary.md"),
        ("html", ReportFormats.Html, "report.html"),
        ("badge", ReportFormats.Badge, "badge.svg"),
        ("tap", ReportFormats.Tap, TapReport.FileName),
    ];

    public static string Names => string.Join(",", Known.Select(k => k.Name));

    /// <summary>The file name each format writes into the report folder.</summary>
    public static string FileName(ReportFormats single) => Known.First(k => k.Format == single).File;

    /// <summary>The single formats in <paramref name="formats"/>, in a fixed order.</summary>
    public static IEnumerable<ReportFormats> Each(ReportFormats formats) => Known.Select(k => k.Format).Where(f => formats.HasFlag(f));

    /// <summary>Parses "json,html"; null with a one-line reason when a name is unknown or the list is empty.</summary>
    public static ReportFormats? TryParse(string? text, out string? error)
    {
        error = null;
        if (text is null || text.Trim() is "all")
        {
            return ReportFormats.All;
        }

        var result = ReportFormats.None;
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var known = Known.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
            if (known.Name is null)
            {
                error = $"--format '{name}' is not one of {Names} (or all)";
                return null;
            }

            result |= known.Format;
        }

        if (result == ReportFormats.None)
        {
            error = $"--format is empty: give a subset of {Names}";
            return null;
        }

        return result;
    }
}
