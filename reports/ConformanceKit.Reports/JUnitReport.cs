using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Reports;

/// <summary>junit.xml in the shape CI systems load (Jenkins, GitLab, GitHub test reporters):
/// <c>testsuites</c> with two <c>testsuite</c>s, one <c>testcase</c> per rule and one per named case.</summary>
/// <remarks>
/// A rule that fails carries its counterexample's story as the <c>failure</c> text; hang and crash
/// are <c>error</c>s; not-run is <c>skipped</c> with the reason. Non-strict (a SHOULD not met) and
/// info are not failures in the contract's terms, so they pass, with the remark or observation
/// in <c>system-out</c> and a <c>verdict</c> property, never silently.
/// </remarks>
public static class JUnitReport
{
    public const string FileName = "junit.xml";

    public static string Serialize(CertificationResult r, string outDir)
    {
        var rules = new XElement("testsuite", new XAttribute("name", $"conformancekit.rules ({r.Loop})"));
        foreach (var x in r.Rules)
        {
            rules.Add(RuleCase(r, x, outDir));
        }

        var cases = new XElement("testsuite", new XAttribute("name", $"conformancekit.cases ({r.Loop})"));
        foreach (var c in r.Cases)
        {
            cases.Add(NamedCase(r, c, outDir));
        }

        string time = Seconds(r.Ended - r.Started);
        Stamp(rules, r, time);
        Stamp(cases, r, "0");
        rules.AddFirst(Properties(r, outDir));
        // A scenario the reference loop failed: an error of the harness, in a suite of its own,
        // never a test of the loop's.
        var harness = r.ReferenceFailures.IsEmpty ? null : new XElement("testsuite", new XAttribute("name", "conformancekit.harness (the reference loop, run alongside)"),
            r.ReferenceFailures.Select(c => new XElement("testcase",
                new XAttribute("classname", "conformancekit.harness"),
                new XAttribute("name", $"the reference loop on {c.RuleId}"),
                new XAttribute("time", "0"),
                new XElement("error", new XAttribute("message", Clean($"harness failure: {ResultFacts.ReferenceFailure(c, outDir)}")), new XAttribute("type", "harness-failure"), Clean(string.Join("\n", ResultFacts.ReferenceStory(c, outDir)))))));
        if (harness is not null)
        {
            Stamp(harness, r, "0");
        }

        var root = new XElement("testsuites",
            new XAttribute("name", $"conformancekit {r.Loop}"),
            new XAttribute("tests", Count(rules, cases, "testcase") + (harness?.Elements("testcase").Count() ?? 0)),
            new XAttribute("failures", Count(rules, cases, "failure")),
            new XAttribute("errors", Count(rules, cases, "error") + (harness?.Elements("testcase").Count() ?? 0)),
            new XAttribute("skipped", Count(rules, cases, "skipped")),
            new XAttribute("time", time),
            rules, cases, harness);
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, OmitXmlDeclaration = true }))
        {
            root.WriteTo(w);
        }

        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb + "\n";
    }

    /// <summary>Removes the characters XML 1.0 cannot carry (control characters but tab and newline).</summary>
    private static string Clean(string s) => s.Any(ch => ch < 0x20 && ch is not ('\n' or '\t' or '\r'))
        ? new string([.. s.Where(ch => ch >= 0x20 || ch is '\n' or '\t' or '\r')])
        : s;

    private static XElement RuleCase(CertificationResult r, RuleResult x, string outDir)
    {
        var tc = new XElement("testcase",
            new XAttribute("classname", $"conformancekit.{x.Rule.Family}"),
            new XAttribute("name", $"{x.Rule.Id} ({VerdictText.Of(x.Rule.Level)}): {x.Rule.Sentence}"),
            new XAttribute("time", Seconds(x.JudgeTime + x.ShrinkTime)));
        string story = string.Join("\n", ResultFacts.Story(x, outDir));
        switch (x.Verdict)
        {
            case Verdict.Fail:
                tc.Add(new XElement("failure", new XAttribute("message", Clean($"{x.Rule.Id} failed: {ResultFacts.Note(x)}")), new XAttribute("type", "fail"), Clean(story)));
                break;
            case Verdict.Crash:
                tc.Add(new XElement("error", new XAttribute("message", Clean($"{x.Rule.Id} crashed: {ResultFacts.Note(x)}")), new XAttribute("type", "crash"), Clean(story)));
                break;
            case Verdict.Hang:
                tc.Add(new XElement("error", new XAttribute("message", Clean($"{x.Rule.Id}: a run hung ({ResultFacts.Note(x)})")), new XAttribute("type", "hang"), Clean(story)));
                break;
            case Verdict.NotRun:
                tc.Add(new XElement("skipped", new XAttribute("message", Clean($"{x.Rule.Id} not run: {ResultFacts.Note(x)}"))));
                break;
            case Verdict.NonStrict:
                tc.Add(new XElement("system-out", Clean($"NON-STRICT ({VerdictText.Of(x.Rule.Level)} {x.Rule.Id} not fully met; certified with remarks)\n{story}")));
                break;
            case Verdict.Info:
                tc.Add(new XElement("system-out", Clean($"INFO {x.Rule.Id} observed:\n" + string.Join("\n", x.Observations))));
                break;
            case Verdict.Pass when x.Caveat is { } caveat:
                // What the pass means for this loop's binding (Perl: libvirt never sees it).
                tc.Add(new XElement("system-out", Clean($"CAVEAT {x.Rule.Id}: {caveat}")));
                break;
        }

        if (ResultFacts.Alongside(x) is { } beside)
        {
            // Where the contract allows several outcomes: the loop's choice beside the reference's.
            string line = $"BESIDE THE REFERENCE {x.Rule.Id}: {beside}";
            if (tc.Element("system-out") is { } output)
            {
                output.Value += "\n" + Clean(line);
            }
            else
            {
                tc.Add(new XElement("system-out", Clean(line)));
            }
        }

        return tc;
    }

    private static XElement NamedCase(CertificationResult r, CaseResult c, string outDir)
    {
        string family = c.Id.Split('/', '-')[0];
        var tc = new XElement("testcase",
            new XAttribute("classname", $"conformancekit.cases.{family}"),
            new XAttribute("name", $"{c.Id}: {c.Description}"),
            new XAttribute("time", "0"));
        var against = c.Findings.Where(f => f.Severity != Severity.Observation).ToList();
        if (c.Hung)
        {
            tc.Add(new XElement("error", new XAttribute("message", $"{c.Id} hung"), new XAttribute("type", "hang"), $"expected: {c.Expectation}\nthe loop did not return within the case deadline"));
        }
        else if (c.Crashed)
        {
            string why = against.FirstOrDefault(f => f.Severity == Severity.Crash)?.Actual ?? "the loop's process died";
            tc.Add(new XElement("error", new XAttribute("message", Clean($"{c.Id} crashed: {why}")), new XAttribute("type", "crash"), Clean($"expected: {c.Expectation}\n{why}")));
        }
        else if (c.NotRunReason is { } notRun)
        {
            tc.Add(new XElement("skipped", new XAttribute("message", Clean($"{c.Id} not run: {notRun}"))));
        }
        else if (!c.Passed)
        {
            var stories = r.Rules.Where(x => x.Counterexample?.CaseId == c.Id).Select(x => string.Join("\n", ResultFacts.Story(x, outDir)));
            string text = $"expected: {c.Expectation}\n" + string.Join("\n", against.Select(f => f.ToString()))
                + string.Concat(stories.Select(s => "\n\n" + s));
            tc.Add(new XElement("failure", new XAttribute("message", Clean($"{c.Id}: {against.FirstOrDefault()?.ToString() ?? "failed"}")), new XAttribute("type", "fail"), Clean(text)));
        }

        return tc;
    }

    private static void Stamp(XElement suite, CertificationResult r, string time)
    {
        var tcs = suite.Elements("testcase").ToList();
        suite.Add(
            new XAttribute("tests", tcs.Count),
            new XAttribute("failures", tcs.Count(t => t.Element("failure") is not null)),
            new XAttribute("errors", tcs.Count(t => t.Element("error") is not null)),
            new XAttribute("skipped", tcs.Count(t => t.Element("skipped") is not null)),
            new XAttribute("time", time),
            new XAttribute("timestamp", r.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XAttribute("hostname", "localhost"));
    }

    private static XElement Properties(CertificationResult r, string outDir) => new("properties",
        Prop("loop", r.Loop), Prop("tier", r.Tier), Prop("seed", r.Seed.ToString(CultureInfo.InvariantCulture)),
        Prop("runs", r.Runs.ToString(CultureInfo.InvariantCulture)), Prop("shard", r.Shard.ToString()),
        Prop("complete", r.Complete ? "true" : "false"), Prop("outcome", ResultFacts.Outcome(r)),
        Prop("traceHash", r.TraceHash), Prop("tool", "conformancekit " + JsonReport.ToolVersion), Prop("report", Path.Combine(outDir, JsonReport.FileName)));

    private static XElement Prop(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static int Count(XElement a, XElement b, string name) =>
        name == "testcase" ? a.Elements("testcase").Count() + b.Elements("testcase").Count()
        : a.Elements("testcase").Count(t => t.Element(name) is not null) + b.Elements("testcase").Count(t => t.Element(name) is not null);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
