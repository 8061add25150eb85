using System.Net;

namespace ConformanceKit.Reports;

/// <summary>The stylesheet and script that every HTML page inlines (embedded resources, so the
/// written page needs no other file and no network), and HTML encoding.</summary>
internal static class HtmlAssets
{
    public static string Css { get; } = Load("report.css");

    public static string Js { get; } = Load("report.js");

    public static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);

    /// <summary>The filter bar: a checkbox per level and per verdict, presets, and a count.</summary>
    public static string Filters(bool withDiffers) =>
        "<section id=\"filters\" aria-label=\"Filters\">"
        + "<fieldset><legend>Level</legend>" + string.Concat(new[] { "MUST", "SHOULD", "INFO" }.Select(l => Box("level", l, l))) + "</fieldset>"
        + "<fieldset><legend>Verdict</legend>" + string.Concat(new[] { "pass", "fail", "non-strict", "info", "not-run", "hang", "crash" }.Select(v => Box("verdict", v, $"<span class=\"v v-{v}\">{v}</span>"))) + "</fieldset>"
        + (withDiffers ? "<label><input type=\"checkbox\" id=\"only-differs\"> only rules where the loops differ</label>" : string.Empty)
        + "<fieldset><button type=\"button\" data-preset=\"problems\">problems only</button><button type=\"button\" data-preset=\"all\">show all</button></fieldset>"
        + "<span id=\"shown\"></span></section>\n";

    private static string Box(string name, string value, string label) =>
        $"<label><input type=\"checkbox\" name=\"{name}\" value=\"{value}\" checked> {label}</label>";

    private static string Load(string name)
    {
        using var s = typeof(HtmlAssets).Assembly.GetManifestResourceStream("ConformanceKit.Reports.Html." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
