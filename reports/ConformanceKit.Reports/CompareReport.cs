using System.Text;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;
using static ConformanceKit.Reports.HtmlAssets;

namespace ConformanceKit.Reports;

/// <summary>compare.html and compare.md: several loops side by side, rule by rule, the way
/// Autobahn|Testsuite compares WebSocket implementations. One column per report, one row per
/// rule of the catalogue; each cell is the loop's verdict with its note.</summary>
public static class CompareReport
{
    public const string HtmlFileName = "compare.html";

    public const string MarkdownFileName = "compare.md";

    public static string Html(IReadOnlyList<LoadedReport> reports, string outDir)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append($"<title>Comparison of {reports.Count} loops (libvirt event-loop conformance)</title>\n<style>\n{Css}</style></head>\n<body>\n");
        h.Append("<header class=\"hero partial\"><div class=\"wrap\"><h1>libvirt event-loop conformance</h1>");
        h.Append($"<div class=\"outcome\">{reports.Count} loops side by side</div>");
        h.Append($"<div class=\"counts\">{E(string.Join(" · ", reports.Select(x => $"{x.Result.Loop}: {ResultFacts.Outcome(x.Result)}")))}</div></div></header>\n<main>\n");
        h.Append(Filters(withDiffers: true));
        h.Append("<section id=\"comparison\"><h2>Rule by rule</h2><table id=\"compare\"><thead><tr><th>Rule</th><th>Level</th><th>Requirement</th>");
        foreach (var x in reports)
        {
            var r = x.Result;
            string report = Path.GetRelativePath(outDir, Path.Combine(x.Dir, HtmlReport.FileName));
            string link = File.Exists(Path.Combine(x.Dir, HtmlReport.FileName)) ? $"<a href=\"{E(report)}\">{E(r.Loop)}</a>" : E(r.Loop);
            string cls = ResultFacts.Certified(r) ? "ok" : "bad";
            h.Append($"<th class=\"loop\">{link}<span class=\"o {cls}\">{E(ResultFacts.Outcome(r))}</span><span class=\"note\">{E(ResultFacts.MustLine(r))}, seed {r.Seed}, {r.GeneratedRuns} runs, {E(r.Tier)}</span></th>");
        }

        h.Append("</tr></thead><tbody>\n");
        foreach (var rule in RuleCatalogue.All)
        {
            var cells = reports.Select(x => x.Result.Rules.FirstOrDefault(y => y.Rule.Id == rule.Id)).ToList();
            var verdicts = cells.Select(c => c is null ? "not-run" : VerdictText.Of(c.Verdict)).ToList();
            bool differs = verdicts.Distinct().Count() > 1;
            string level = VerdictText.Of(rule.Level);
            h.Append($"<tr id=\"rule-{E(rule.Id)}\" data-level=\"{level}\" data-verdict=\"{string.Join(' ', verdicts.Distinct())}\"{(differs ? " class=\"differs\"" : string.Empty)}>");
            h.Append($"<td class=\"mono\">{E(rule.Id)}</td><td><span class=\"lvl lvl-{level}\">{level}</span></td><td>{E(rule.Sentence)}</td>");
            for (int i = 0; i < cells.Count; i++)
            {
                string note = cells[i] is { } c ? ResultFacts.Note(c) : "absent from this report";
                h.Append($"<td class=\"cell\" title=\"{E(note)}\"><span class=\"v v-{verdicts[i]}\">{verdicts[i]}</span>"
                    + (ResultFacts.IsProblem(cells[i]?.Verdict ?? Verdict.Pass) || cells[i]?.Verdict == Verdict.Info ? $"<br><span class=\"note\">{E(Short(note))}</span>" : string.Empty) + "</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody></table></section>\n");
        h.Append("<section id=\"sources\"><h2>Reports compared</h2><ul>");
        foreach (var x in reports)
        {
            h.Append($"<li><span class=\"mono\">{E(x.Result.Loop)}</span>: {E(Path.Combine(x.Dir, JsonReport.FileName))}, trace hash <span class=\"mono\">{E(x.Result.TraceHash[..Math.Min(16, x.Result.TraceHash.Length)])}</span>, conformancekit {E(x.ToolVersion)}, contract version {x.ContractVersion}{(x.Result.Complete ? string.Empty : " (partial run)")}</li>");
        }

        h.Append($"</ul></section>\n<footer>Written by conformancekit {E(JsonReport.ToolVersion)}. This page is one self-contained file: it loads nothing from anywhere.</footer>\n</main>\n<script>\n{Js}</script>\n</body></html>\n");
        return h.ToString();
    }

    public static string Markdown(IReadOnlyList<LoadedReport> reports)
    {
        var md = new StringBuilder();
        md.AppendLine($"## libvirt event-loop conformance: {reports.Count} loops side by side");
        md.AppendLine();
        md.AppendLine("| Rule | Level | " + string.Join(" | ", reports.Select(x => $"`{MarkdownSummary.Cell(x.Result.Loop)}`")) + " |");
        md.AppendLine("|---|---|" + string.Concat(reports.Select(_ => "---|")));
        md.AppendLine("| **outcome** | | " + string.Join(" | ", reports.Select(x => $"**{ResultFacts.Outcome(x.Result)}** {ResultFacts.MustLine(x.Result)}")) + " |");
        md.AppendLine("| contract version | | " + string.Join(" | ", reports.Select(x => x.ContractVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))) + " |");
        foreach (var rule in RuleCatalogue.All)
        {
            var cells = reports.Select(x => x.Result.Rules.FirstOrDefault(y => y.Rule.Id == rule.Id)).ToList();
            md.AppendLine($"| {rule.Id} | {VerdictText.Of(rule.Level)} | " + string.Join(" | ", cells.Select(Cell)) + " |");
        }

        md.AppendLine();
        md.AppendLine("Verdicts: pass, fail (a MUST broken), non-strict (a SHOULD not met, or a MUST met late by one iteration or within a tolerance), info (recorded, never a failure), not-run, hang, crash. A report of another contract version lacks the rules that version did not have (—).");
        return md.ToString();
    }

    private static string Cell(RuleResult? c) => c is null ? "—" : c.Verdict switch
    {
        Verdict.Fail or Verdict.Crash or Verdict.Hang => $"**{VerdictText.Of(c.Verdict)}**: {MarkdownSummary.Cell(Short(ResultFacts.Note(c)))}",
        Verdict.NonStrict => $"_non-strict_: {MarkdownSummary.Cell(Short(ResultFacts.Note(c)))}",
        _ => VerdictText.Of(c.Verdict),
    };

    private static string Short(string s) => s.Length <= 90 ? s : s[..87] + "...";
}
