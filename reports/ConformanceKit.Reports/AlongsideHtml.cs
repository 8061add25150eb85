using System.Text;
using ConformanceKit.Harness.Engine;
using static ConformanceKit.Reports.HtmlAssets;

namespace ConformanceKit.Reports;

/// <summary>report.html's two sections about the reference loop, which runs every scenario
/// alongside the loop: a harness failure (a scenario the reference failed), first on the page,
/// and, after the verdicts, the loop's choices beside the reference's where the contract allows
/// several outcomes. Styled by the page's own table and section rules.</summary>
internal static class AlongsideHtml
{
    public static void HarnessFailure(StringBuilder h, CertificationResult r, string outDir)
    {
        if (r.ReferenceFailures.IsEmpty)
        {
            return;
        }

        h.Append("<section id=\"harness-failure\"><h2>Harness failure: the reference loop failed a scenario</h2>");
        h.Append($"<p>The reference loop, run alongside on every scenario, broke the contract: the model or the reference is wrong, so this run's verdicts on {E(r.Loop)} are in doubt. Nothing here is a finding against {E(r.Loop)}.</p><ul>");
        foreach (var c in r.ReferenceFailures)
        {
            h.Append($"<li>{E(ResultFacts.ReferenceFailure(c, outDir))}<pre class=\"story\">{E(string.Join("\n", ResultFacts.ReferenceStory(c, outDir)))}</pre></li>");
        }

        h.Append("</ul></section>\n");
    }

    public static void Beside(StringBuilder h, CertificationResult r)
    {
        var beside = r.Rules.Where(x => x.Alongside is not null).ToList();
        if (beside.Count == 0)
        {
            return;
        }

        h.Append("<section id=\"alongside\"><h2>Beside the reference</h2><p>Where the contract allows several outcomes, what the loop chose and what the reference loop chose on the same scenarios (a different choice is never a failure).</p>");
        h.Append("<table><thead><tr><th>Rule</th><th>Loop</th><th>Reference</th><th>Runs</th></tr></thead><tbody>");
        foreach (var x in beside)
        {
            var a = x.Alongside!;
            h.Append($"<tr id=\"alongside-{E(x.Rule.Id)}\" data-differing=\"{a.Differing}\"><td class=\"mono\"><a href=\"#rule-{E(x.Rule.Id)}\">{E(x.Rule.Id)}</a></td>"
                + $"<td>{E(ResultFacts.Choices(a.Loop))}</td><td>{E(ResultFacts.Choices(a.Reference))}</td><td class=\"note\">{E(ResultFacts.Differing(a))}</td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }
}
