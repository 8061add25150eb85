using System.Text;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Reports;

/// <summary>The report formats, one row each: how the command line spells it (json, junit, md,
/// html, badge, tap, comma-separated, or all), its flag, the file it writes and the writer that
/// renders it. A new format is its flag in <see cref="ReportFormats"/>, its writer and its row.</summary>
public static class ReportFormatList
{
    private static readonly (string Name, ReportFormats Format, string File, Action<CertificationResult, string, Stream> Write)[] Known =
    [
        ("json", ReportFormats.Json, "report.json", JsonReport.Write), // streamed: its size grows with --runs
        ("junit", ReportFormats.Junit, "junit.xml", Text(JUnitReport.Serialize)),
        ("md", ReportFormats.Markdown, "summary.md", Text(MarkdownSummary.Render)),
        ("html", ReportFormats.Html, "report.html", Text(HtmlReport.Render)),
        ("badge", ReportFormats.Badge, "badge.svg", Text((r, _) => BadgeSvg.Render(r))),
        ("tap", ReportFormats.Tap, TapReport.FileName, Text(TapReport.Render)),
    ];

    /// <summary>The text of one format's file for a run whose report folder is <paramref name="outDir"/>.</summary>
    public static string Render(ReportFormats single, CertificationResult r, string outDir)
    {
        using var text = new MemoryStream();
        Row(single).Write(r, outDir, text);
        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    /// <summary>Writes one format's file at <paramref name="path"/>, atomically.</summary>
    public static void WriteFile(ReportFormats single, CertificationResult r, string outDir, string path) =>
        AtomicFile.Write(path, to => Row(single).Write(r, outDir, to));

    // A format rendered as one text, written as UTF-8 without a byte-order mark (as File.WriteAllText).
    private static Action<CertificationResult, string, Stream> Text(Func<CertificationResult, string, string> render) =>
        (r, outDir, to) => to.Write(Encoding.UTF8.GetBytes(render(r, outDir)));

    public static string Names => string.Join(",", Known.Select(k => k.Name));

    /// <summary>The file name each format writes into the report folder.</summary>
    public static string FileName(ReportFormats single) => Row(single).File;

    private static (string Name, ReportFormats Format, string File, Action<CertificationResult, string, Stream> Write) Row(ReportFormats single) =>
        Known.First(k => k.Format == single);

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
