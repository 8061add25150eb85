using System.Globalization;
using System.Net;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Reports;

/// <summary>badge.svg: a flat, two-part badge ("libvirt events | 28/28 MUST") to put in a README;
/// green when certified, red when not, grey when the run was stopped early.</summary>
public static class BadgeSvg
{
    public const string FileName = "badge.svg";

    public const string Label = "libvirt events";

    public static string Message(CertificationResult r) =>
        ResultFacts.MustLine(r) + (r.Complete ? string.Empty : " (partial)");

    public static string Color(CertificationResult r) =>
        !r.Complete ? "#9f9f9f" : ResultFacts.Certified(r) ? (ResultFacts.Count(r, Verdict.NonStrict) > 0 ? "#a4a61d" : "#4c1") : "#e05d44";

    public static string Render(CertificationResult r)
    {
        string message = Message(r);
        int lw = Width(Label) + 10;
        int mw = Width(message) + 10;
        int total = lw + mw;
        string title = WebUtility.HtmlEncode($"{Label}: {message} ({ResultFacts.Outcome(r)}, {r.Loop})");
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{title}">
              <title>{title}</title>
              <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
              <clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>
              <g clip-path="url(#r)">
                <rect width="{lw}" height="20" fill="#555"/>
                <rect x="{lw}" width="{mw}" height="20" fill="{Color(r)}"/>
                <rect width="{total}" height="20" fill="url(#s)"/>
              </g>
              <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
                <text x="{Half(lw)}" y="15" fill="#010101" fill-opacity=".3">{Label}</text>
                <text x="{Half(lw)}" y="14">{Label}</text>
                <text x="{lw + Half(mw)}" y="15" fill="#010101" fill-opacity=".3">{WebUtility.HtmlEncode(message)}</text>
                <text x="{lw + Half(mw)}" y="14">{WebUtility.HtmlEncode(message)}</text>
              </g>
            </svg>

            """;
    }

    private static string Half(int w) => (w / 2.0).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Approximate rendered width of Verdana 11px text.</summary>
    private static int Width(string text) => (int)Math.Ceiling(text.Sum(ch => ch switch
    {
        'i' or 'l' or 'j' or '.' or ',' or ':' or '|' or '!' or '\'' => 3.5,
        'f' or 't' or 'r' or ' ' or '/' or '(' or ')' or '1' => 5.0,
        'm' or 'w' or 'M' or 'W' => 10.0,
        >= 'A' and <= 'Z' => 8.0,
        _ => 7.0,
    }));
}
