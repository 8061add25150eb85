using System.Globalization;
using System.Text;
using ConformanceKit.Harness.Engine;
using static ConformanceKit.Reports.HtmlAssets;

namespace ConformanceKit.Reports;

/// <summary>report.html: one self-contained page (inline CSS and script, no network, no other
/// file): the outcome, the run's facts, plots of what the real-clock tiers measured, a verdict table filterable by level and verdict, each
/// counterexample's steps, story and replay command, and the named cases.</summary>
/// <remarks>Works without script too (every row is shown); the filters read and follow the
/// address's fragment, e.g. <c>report.html#verdict=fail,crash&amp;level=MUST</c>.</remarks>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public static string Render(CertificationResult r, string outDir)
    {
        var h = new StringBuilder();
        string state = !r.Complete ? "partial" : ResultFacts.Certified(r) ? "ok" : "bad";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append($"<title>{E(r.Loop)}: {E(ResultFacts.Outcome(r))} (libvirt event-loop conformance)</title>\n<style>\n{Css}</style></head>\n<body>\n");
        h.Append($"<header class=\"hero {state}\"><div class=\"wrap\"><h1>libvirt event-loop conformance</h1>");
        h.Append($"<div class=\"outcome\" id=\"outcome\">{E(ResultFacts.Outcome(r))}</div><div class=\"loop\">{E(r.Loop)}</div>");
        h.Append($"<div class=\"counts\" id=\"counts\">{E(ResultFacts.CountsLine(r))}</div></div></header>\n<main>\n");
        AlongsideHtml.HarnessFailure(h, r, outDir);
        Attention(h, r);
        Meta(h, r);
        Plots.TimingPlots.Section(h, r);
        h.Append(Filters(withDiffers: false));
        Table(h, r);
        AlongsideHtml.Beside(h, r);
        Counterexamples(h, r, outDir);
        Cases(h, r);
        h.Append($"<footer>Written by conformancekit {E(JsonReport.ToolVersion)} on {E(r.Ended.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))}. "
            + "This page is one self-contained file: it loads nothing from anywhere.</footer>\n</main>\n");
        h.Append($"<script>\n{Js}</script>\n</body></html>\n");
        return h.ToString();
    }

    /// <summary>The rules that need a look, first: what failed, crashed, hung or was non-strict.</summary>
    private static void Attention(StringBuilder h, CertificationResult r)
    {
        if (r.RunDeaths.Length > 0)
        {
            h.Append("<section id=\"run-deaths\"><h2>Generated runs that hung or crashed</h2><ul>");
            h.Append(string.Concat(r.RunDeaths.Select(d => $"<li class=\"mono\">{E(d)}</li>")));
            h.Append("</ul></section>\n");
        }

        var problems = r.Rules.Where(x => ResultFacts.IsProblem(x.Verdict)).ToList();
        if (problems.Count == 0)
        {
            return;
        }

        // Each row links to what explains it: the story further down (the first one was ~3,500 px
        // below), or, with nothing to tell, the rule's row in the verdict table.
        h.Append($"<section id=\"attention\"><h2>Needs attention ({problems.Count})</h2><table><tbody>");
        foreach (var x in problems)
        {
            string v = VerdictText.Of(x.Verdict);
            bool told = HasArticle(x);
            string target = told ? $"#cx-{E(x.Rule.Id)}" : $"#rule-{E(x.Rule.Id)}";
            h.Append($"<tr><td class=\"mono\"><a href=\"{target}\">{E(x.Rule.Id)}</a></td><td><span class=\"lvl lvl-{VerdictText.Of(x.Rule.Level)}\">{VerdictText.Of(x.Rule.Level)}</span></td>"
                + $"<td><span class=\"v v-{v}\">{v}</span></td><td>{E(ResultFacts.Note(x))}</td>"
                + $"<td class=\"go\"><a class=\"story-link\" href=\"{target}\">{(x.Counterexample is not null ? "story" : told ? "findings" : "verdict")} &darr;</a></td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void Meta(StringBuilder h, CertificationResult r)
    {
        (string, string)[] facts =
        [
            ("Tier", r.Tier), ("Seed", r.Seed.ToString(CultureInfo.InvariantCulture)),
            ("Generated runs", $"{r.GeneratedRuns} of {r.Runs} (up to {r.MaxSteps} steps)"),
            ("Named cases", $"{r.Cases.Count(c => c.Passed)}/{r.Cases.Length} passed"),
            ("Shard", r.Shard.Count == 1 ? "whole run" : r.Shard.ToString()),
            ("Complete", r.Complete ? "yes" : "no: stopped before the end"),
            ("Started", r.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("Duration", $"{(r.Ended - r.Started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"),
            ("Machine", $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs"),
            ("Tool", $"conformancekit {JsonReport.ToolVersion}"),
            ("Trace hash", r.TraceHash),
        ];
        h.Append("<section id=\"run\"><h2>Run</h2><dl class=\"meta\">");
        foreach (var (k, v) in facts)
        {
            h.Append($"<div><dt>{E(k)}</dt><dd{(k == "Trace hash" ? " class=\"mono\"" : string.Empty)}>{E(v)}</dd></div>");
        }

        h.Append("</dl></section>\n");
    }

    private static void Table(StringBuilder h, CertificationResult r)
    {
        h.Append("<section id=\"verdicts\"><h2>Verdicts</h2><table id=\"rules\"><thead><tr><th>Rule</th><th>Level</th><th>Verdict</th>"
            + "<th>Requirement</th><th class=\"num\">Checks</th><th class=\"num\">Cases</th><th class=\"num\">ms</th><th>Note</th></tr></thead><tbody>\n");
        foreach (var x in r.Rules)
        {
            string v = VerdictText.Of(x.Verdict);
            string level = VerdictText.Of(x.Rule.Level);
            string id = x.Counterexample is null ? E(x.Rule.Id) : $"<a href=\"#cx-{E(x.Rule.Id)}\">{E(x.Rule.Id)}</a>";
            h.Append($"<tr id=\"rule-{E(x.Rule.Id)}\" data-level=\"{level}\" data-verdict=\"{v}\"><td class=\"mono\">{id}</td>"
                + $"<td><span class=\"lvl lvl-{level}\">{level}</span></td><td><span class=\"v v-{v}\">{v}</span></td>"
                + $"<td>{E(x.Rule.Sentence)}</td><td class=\"num\">{x.Checks}</td><td class=\"num\">{x.Cases.Length}</td>"
                + $"<td class=\"num\">{ResultFacts.Ms(x.JudgeTime + x.ShrinkTime)}</td><td class=\"note\">{E(ResultFacts.Note(x))}</td></tr>\n");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void Counterexamples(StringBuilder h, CertificationResult r, string outDir)
    {
        var failing = r.Rules.Where(HasArticle).ToList();
        h.Append("<section id=\"counterexamples\"><h2>Counterexamples</h2>");
        if (failing.Count == 0)
        {
            h.Append("<p>None: no rule found anything against the loop.</p>");
        }

        h.Append("</section>\n");
        foreach (var x in failing)
        {
            string v = VerdictText.Of(x.Verdict);
            h.Append($"<article class=\"cx\" id=\"cx-{E(x.Rule.Id)}\" data-level=\"{VerdictText.Of(x.Rule.Level)}\" data-verdict=\"{v}\">");
            h.Append($"<h3>{E(x.Rule.Id)} <span class=\"v v-{v}\">{v}</span></h3><p>{E(x.Rule.Sentence)}</p>");
            if (x.Counterexample is { } c)
            {
                h.Append($"<p class=\"note\">{E(Origin(c))}</p>");
                if (c.Size > 0)
                {
                    h.Append("<h4>Steps</h4><ol class=\"steps\">");
                    foreach (var s in c.Scenario.Steps)
                    {
                        h.Append($"<li>{E(s.Describe())}</li>");
                    }

                    h.Append("</ol>");
                }

                h.Append("<h4>Story</h4><pre class=\"story\">");
                foreach (var line in c.Story)
                {
                    h.Append(line.StartsWith("  >> ", StringComparison.Ordinal) ? $"<span class=\"mark\">{E(line)}</span>\n" : E(line) + "\n");
                }

                h.Append("</pre>");
                h.Append($"<dl class=\"expect\"><dt>Expected</dt><dd>{E(string.Join(" or ", c.Expected))}</dd><dt>Observed</dt><dd>{E(c.Observed)}</dd></dl>");
                string replay = ResultFacts.ReplayCommand(outDir, x.Rule.Id);
                h.Append($"<h4>Replay</h4><div class=\"replay\"><code>{E(replay)}</code><button type=\"button\" class=\"copy\" data-text=\"{E(replay)}\">copy</button></div>");
            }
            else
            {
                h.Append("<ul>" + string.Concat(x.Findings.Select(f => $"<li>expected {E(string.Join(" or ", f.Expected))}; actual {E(f.Actual)}</li>")) + "</ul>");
            }

            h.Append("<p class=\"back\"><a href=\"#attention\">&uarr; needs attention</a></p></article>\n");
        }
    }

    /// <summary>Whether a rule gets an article under Counterexamples (a story, or its findings).</summary>
    private static bool HasArticle(RuleResult x) => x.Counterexample is not null || (ResultFacts.IsProblem(x.Verdict) && !x.Findings.IsEmpty);

    /// <summary>Where a counterexample came from, and what was done to it: a threaded or native
    /// one has no steps of ours to shrink (it said "shrunk from 0 to 0 steps").</summary>
    public static string Origin(Counterexample c) =>
        c.Tier == Harness.Tier.Threaded ? $"Found in threaded case {c.CaseId}, schedule {c.Run} of seed {c.Seed}: real threads, so the seed fixes the plan, not the interleaving (replay tries it again)."
        : c.Tier == Harness.Tier.Native ? $"Found in native case {c.CaseId}: real libvirt's session, whose steps are libvirt's own calls (replay runs the session again)."
        : $"Found in {(c.CaseId is not null ? $"named case {c.CaseId}" : $"generated run {c.Run} of seed {c.Seed}")}; shrunk from {c.OriginalSize} to {c.Size} steps.";

    private static void Cases(StringBuilder h, CertificationResult r)
    {
        int passed = r.Cases.Count(c => c.Passed);
        h.Append($"<section id=\"cases\"><h2>Named cases</h2><details{(passed < r.Cases.Length ? " open" : string.Empty)}><summary>{passed} of {r.Cases.Length} named cases passed</summary>");
        h.Append("<table><thead><tr><th>Case</th><th>Result</th><th>Description</th><th>Expectation</th></tr></thead><tbody>");
        foreach (var c in r.Cases)
        {
            string v = c.Hung ? "hang" : c.Crashed ? "crash" : c.Passed ? "pass" : c.NotRunReason is not null ? "not-run" : "fail";
            string why = c.Passed ? string.Empty : c.NotRunReason is { } notRun ? "<br><span class=\"note\">" + E(notRun) + "</span>" : "<br><span class=\"note\">" + E(string.Join("; ", c.Findings.Where(f => f.Severity != Harness.Rules.Severity.Observation).Select(f => $"{f.RuleId}: {f.Actual}"))) + "</span>";
            h.Append($"<tr><td class=\"mono\">{E(c.Id)}</td><td><span class=\"v v-{v}\">{v}</span></td><td>{E(c.Description)}{why}</td><td>{E(c.Expectation)}</td></tr>");
        }

        h.Append("</tbody></table></details></section>\n");
    }
}
