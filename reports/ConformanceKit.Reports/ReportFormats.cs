namespace ConformanceKit.Reports;

/// <summary>The report files a run can write (<c>--format</c>); counterexample files are always
/// written, because replay needs them.</summary>
[Flags]
public enum ReportFormats
{
    None = 0,

    /// <summary>report.json, the full record (validated by reports/report.schema.v1.json).</summary>
    Json = 1,

    /// <summary>junit.xml: one testcase per rule and per named case.</summary>
    Junit = 2,

    /// <summary>summary.md: a compact Markdown summary for a pull request or a CI job summary.</summary>
    Markdown = 4,

    /// <summary>report.html: one self-contained page.</summary>
    Html = 8,

    /// <summary>badge.svg: "libvirt events | 28/28 MUST".</summary>
    Badge = 16,

    /// <summary>report.tap: one TAP test per rule, for Perl's prove.</summary>
    Tap = 32,

    All = Json | Junit | Markdown | Html | Badge | Tap,
}
