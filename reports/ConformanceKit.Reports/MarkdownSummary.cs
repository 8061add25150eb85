using System.Text;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Reports;

/// <summary>summary.md: a compact summary for a pull-request comment or a CI job summary
/// (<c>$GITHUB_STEP_SUMMARY</c>): the outcome, a count per verdict, the rules that need
/// attention with their story folded, and the full table folded.</summary>
public static class MarkdownSummary
{
    public const string FileName = "summary.md";

    public static string Render(CertificationResult r, string outDir)
    {
        var md = new StringBuilder();
        md.AppendLine($"## libvirt event-loop conformance: `{r.Loop}` is {ResultFacts.Outcome(r)}");
        md.AppendLine();
        md.AppendLine($"{ResultFacts.CountsLine(r)}. Tier {r.Tier}, seed {r.Seed}, {r.GeneratedRuns} generated runs, "
            + $"{r.Cases.Count(c => c.Passed)}/{r.Cases.Length} named cases passed"
            + (r.Shard.Count > 1 ? $", shard {r.Shard}" : string.Empty)
            + (r.Complete ? "." : ". **Partial: the run was stopped before the end.**"));
        md.AppendLine();
        md.AppendLine("| Level | " + string.Join(" | ", Enum.GetValues<Verdict>().Select(VerdictText.Of)) + " |");
        md.AppendLine("|---|" + string.Concat(Enum.GetValues<Verdict>().Select(_ => "---:|")));
        foreach (var level in new[] { Harness.Rules.RuleLevel.Must, Harness.Rules.RuleLevel.Should, Harness.Rules.RuleLevel.Info })
        {
            md.AppendLine($"| {VerdictText.Of(level)} | " + string.Join(" | ", Enum.GetValues<Verdict>().Select(v => r.Rules.Count(x => x.Rule.Level == level && x.Verdict == v))) + " |");
        }

        if (r.RunDeaths.Length > 0)
        {
            md.AppendLine();
            md.AppendLine("Generated runs that hung or crashed (charged to no rule; the loop is not certified):");
            md.AppendLine();
            foreach (var d in r.RunDeaths)
            {
                md.AppendLine($"- {Cell(d)}");
            }
        }

        if (r.ReferenceFailures.Length > 0)
        {
            md.AppendLine();
            md.AppendLine("### Harness failure: the reference loop failed a scenario");
            md.AppendLine();
            md.AppendLine($"The reference loop, run alongside on every scenario, broke the contract: the model or the reference is wrong, so this run's verdicts on `{r.Loop}` are in doubt. Nothing here is a finding against `{r.Loop}`.");
            md.AppendLine();
            foreach (var c in r.ReferenceFailures)
            {
                md.AppendLine($"- {Cell(ResultFacts.ReferenceFailure(c, outDir))}");
            }
        }

        var problems = r.Rules.Where(x => ResultFacts.IsProblem(x.Verdict)).ToList();
        if (problems.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("### Needs attention");
            md.AppendLine();
            md.AppendLine("| Rule | Level | Verdict | What happened | Replay |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var x in problems)
            {
                string replay = x.Counterexample is null ? string.Empty : $"`{ResultFacts.ReplayCommand(outDir, x.Rule.Id)}`";
                md.AppendLine($"| {x.Rule.Id} | {VerdictText.Of(x.Rule.Level)} | **{VerdictText.Of(x.Verdict)}** | {Cell(ResultFacts.Note(x))} | {replay} |");
            }

            foreach (var x in problems.Where(x => x.Counterexample is not null))
            {
                md.AppendLine();
                md.AppendLine($"<details><summary>{x.Rule.Id}: {Cell(x.Rule.Sentence)}</summary>");
                md.AppendLine();
                md.AppendLine("```text");
                foreach (var line in ResultFacts.Story(x, outDir))
                {
                    md.AppendLine(line.Replace("```", "'''", StringComparison.Ordinal));
                }

                md.AppendLine("```");
                md.AppendLine();
                md.AppendLine("</details>");
            }
        }

        var beside = r.Rules.Where(x => x.Alongside is not null).ToList();
        if (beside.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("### Beside the reference");
            md.AppendLine();
            md.AppendLine("Where the contract allows several outcomes, what the loop chose and what the reference loop chose on the same scenarios (a different choice is never a failure).");
            md.AppendLine();
            md.AppendLine("| Rule | Loop | Reference | Runs |");
            md.AppendLine("|---|---|---|---|");
            foreach (var x in beside)
            {
                md.AppendLine($"| {x.Rule.Id} | {Cell(ResultFacts.Choices(x.Alongside!.Loop))} | {Cell(ResultFacts.Choices(x.Alongside.Reference))} | {Cell(ResultFacts.Differing(x.Alongside))} |");
            }
        }

        md.AppendLine();
        md.AppendLine("<details><summary>Every rule</summary>");
        md.AppendLine();
        md.AppendLine("| Rule | Level | Verdict | Checks | Note |");
        md.AppendLine("|---|---|---|---:|---|");
        foreach (var x in r.Rules)
        {
            md.AppendLine($"| {x.Rule.Id} | {VerdictText.Of(x.Rule.Level)} | {VerdictText.Of(x.Verdict)} | {x.Checks} | {Cell(ResultFacts.Note(x))} |");
        }

        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();
        md.AppendLine($"<sub>conformancekit {JsonReport.ToolVersion}; trace hash `{r.TraceHash[..Math.Min(16, r.TraceHash.Length)]}`; full report in `{Path.Combine(outDir, "report.html")}`</sub>");
        return md.ToString();
    }

    /// <summary>Text safe inside a Markdown table cell.</summary>
    public static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
