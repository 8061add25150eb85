using System.Text;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Reports;

/// <summary>report.tap: the Test Anything Protocol (version 13) that Perl's <c>prove</c> reads, so
/// that a distribution's <c>t/conformance.t</c> can run certification among its own tests.</summary>
/// <remarks>
/// One test per rule, numbered in catalogue order, then one closing test for the certification
/// itself. The closing test is what makes prove agree with the tool's exit code: a generated run
/// that hung or crashed (charged to no rule), a run stopped early, or one that judged nothing is
/// not certified although every rule's test may be ok.
/// <para>A problem that does not count against certification (a remark, or a SHOULD or INFO rule
/// that crashed or hung) is <c>not ok ... # TODO</c>: TAP's "failing, and known to be", which
/// prove reports without failing. Not-run is <c>ok ... # SKIP</c> with the reason. Everything
/// else a rule's report says (its note, its story ending in the replay command, what an INFO rule
/// observed) follows its test line as <c># </c> diagnostics.</para>
/// </remarks>
public static class TapReport
{
    public const string FileName = "report.tap";

    public static string Render(CertificationResult r, string outDir = ".")
    {
        var tap = new StringBuilder();
        tap.Append("TAP version 13\n");
        tap.Append($"1..{r.Rules.Length + 1}\n");
        tap.Append(Comment($"conformancekit {JsonReport.ToolVersion}: {r.Loop}, tier {r.Tier}, seed {r.Seed}, {r.GeneratedRuns} generated runs"
            + (r.Shard.Count > 1 ? $", shard {r.Shard}" : string.Empty)));
        for (int i = 0; i < r.Rules.Length; i++)
        {
            Rule(tap, i + 1, r.Rules[i], outDir);
        }

        bool certified = ResultFacts.Certified(r);
        tap.Append(Test(certified, r.Rules.Length + 1, $"certification of {r.Loop}: {ResultFacts.Outcome(r)}", null));
        tap.Append(Comment(ResultFacts.CountsLine(r)));
        foreach (var death in r.RunDeaths)
        {
            tap.Append(Comment("  " + death));
        }

        foreach (var c in r.ReferenceFailures)
        {
            tap.Append(Comment("  harness failure: " + ResultFacts.ReferenceFailure(c, outDir)));
        }

        if (r.ReferenceFailures.Length > 0)
        {
            // TAP's word for a harness that cannot go on: prove stops and fails, whatever the tests said.
            tap.Append($"Bail out! {OneLine($"harness failure: the reference loop broke {string.Join(", ", r.ReferenceFailures.Select(c => c.RuleId))}")}\n");
        }

        return tap.ToString();
    }

    private static void Rule(StringBuilder tap, int number, RuleResult x, string outDir)
    {
        string description = $"{x.Rule.Id} {VerdictText.Of(x.Rule.Level)}: {x.Rule.Sentence}";
        string note = ResultFacts.Note(x);
        switch (x.Verdict)
        {
            case Verdict.Pass:
                tap.Append(Test(true, number, description, null));
                if (x.Caveat is { } caveat)
                {
                    // What the pass means for this loop's binding (Perl: libvirt never sees it).
                    tap.Append(Comment("caveat: " + caveat));
                }

                break;
            case Verdict.NotRun:
                tap.Append(Test(true, number, description, "SKIP " + note));
                break;
            case Verdict.Info:
                tap.Append(Test(true, number, description, null));
                foreach (var seen in x.Observations)
                {
                    tap.Append(Comment("observed: " + seen));
                }

                break;
            default:
                // Fail, crash, hang or non-strict: not ok, with TODO when certification allows it.
                bool counts = x.Rule.Level == RuleLevel.Must && x.Verdict != Verdict.NonStrict;
                tap.Append(Test(false, number, description, counts ? null : "TODO " + note));
                tap.Append(Comment($"{VerdictText.Of(x.Verdict)}: {note}"));
                foreach (var line in ResultFacts.Story(x, outDir))
                {
                    tap.Append(Comment("  " + line));
                }

                break;
        }

        if (ResultFacts.Alongside(x) is { } beside)
        {
            // Where the contract allows several outcomes: the loop's choice beside the reference's.
            tap.Append(Comment("beside the reference: " + beside));
        }
    }

    /// <summary>A test line; <paramref name="directive"/> is "SKIP reason" or "TODO reason".</summary>
    private static string Test(bool ok, int number, string description, string? directive) =>
        $"{(ok ? "ok" : "not ok")} {number} - {Escape(description)}{(directive is null ? string.Empty : " # " + OneLine(directive).TrimEnd())}\n";

    /// <summary>A diagnostic line (one per line of <paramref name="text"/>).</summary>
    private static string Comment(string text) =>
        string.Concat(text.Split('\n').Select(line => ("# " + OneLine(line)).TrimEnd() + "\n"));

    /// <summary>A description: a <c>#</c> would start a directive, so it is escaped as TAP says
    /// (<c>\#</c>), and so is the backslash that does the escaping.</summary>
    private static string Escape(string s) =>
        OneLine(s).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("#", "\\#", StringComparison.Ordinal);

    /// <summary>TAP is read line by line: control characters (a newline above all) become spaces.</summary>
    private static string OneLine(string s) => new([.. s.Select(ch => char.IsControl(ch) ? ' ' : ch)]);
}
