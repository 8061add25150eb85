using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Reports;

/// <summary>report.json: the full, machine-readable record of a certification.</summary>
/// <remarks>Field names and the verdict/level strings are a published interface, described by
/// <c>reports/report.schema.v1.json</c>; <see cref="SchemaVersion"/> changes when they do.
/// The record is complete enough to be read back (<see cref="ReportReader"/>): merging shard
/// reports re-grades rules from the worst severity, hang flag and checks kept here.</remarks>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    public const string FileName = "report.json";

    public static string ToolVersion { get; } =
        typeof(JsonReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The whole report as a document: report.json's text, read back (tests read it).</summary>
    public static JsonObject Build(CertificationResult r, string outDir) => JsonNode.Parse(Serialize(r, outDir))!.AsObject();

    /// <summary>report.json's text: what <see cref="Write"/> writes.</summary>
    public static string Serialize(CertificationResult r, string outDir) => ReportFormatList.Render(ReportFormats.Json, r, outDir);

    /// <summary>Writes report.json to <paramref name="to"/>: indented, with a final newline, the run
    /// hashes streamed as they are read.</summary>
    /// <remarks>The report lists every run's hash: as a document, 20,000 of them took some 20 MB at
    /// the end of a run that had stayed flat at 84 MB all along (issue 15, item 4: memory flat in
    /// <c>--runs</c>), so that one array is written straight from <see cref="RunHashList"/>, a
    /// thousand entries between flushes, and the rest of the document, a few hundred KB, as a
    /// document.</remarks>
    public static void Write(CertificationResult r, string outDir, Stream to)
    {
        using (var w = new Utf8JsonWriter(to, new JsonWriterOptions { Indented = true, Encoder = Indented.Encoder }))
        {
            w.WriteStartObject();
            foreach (var (name, value) in Document(r, outDir))
            {
                w.WritePropertyName(name);
                if (name == RunHashesName)
                {
                    WriteRunHashes(r.RunHashes, w);
                }
                else if (value is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    value.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }

        to.WriteByte((byte)'\n');
    }

    private const string RunHashesName = "runHashes";

    private static void WriteRunHashes(RunHashList hashes, Utf8JsonWriter w)
    {
        w.WriteStartArray();
        int n = 0;
        foreach (var h in hashes.ByOrigin())
        {
            w.WriteStartObject();
            w.WriteNumber("origin", h.Origin);
            w.WriteString("hash", h.Hash);
            w.WriteEndObject();
            if (++n % 1000 == 0)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
    }

    /// <summary>Everything but the run hashes, whose place <see cref="Write"/> fills as it streams.</summary>
    private static JsonObject Document(CertificationResult r, string outDir) => new()
    {
        ["schemaVersion"] = SchemaVersion,
        ["contractVersion"] = RuleCatalogue.ContractVersion,
        ["tool"] = new JsonObject { ["name"] = "conformancekit", ["version"] = ToolVersion },
        ["loop"] = r.Loop,
        ["tier"] = r.Tier,
        ["seed"] = r.Seed,
        ["runs"] = r.Runs,
        ["maxSteps"] = r.MaxSteps,
        ["generatedRuns"] = r.GeneratedRuns,
        ["failingRuns"] = r.GeneratedFailures,
        ["traceHash"] = r.TraceHash,
        ["certified"] = ResultFacts.Certified(r),
        ["outcome"] = ResultFacts.Outcome(r),
        ["complete"] = r.Complete,
        ["started"] = r.Started.ToString("O", CultureInfo.InvariantCulture),
        ["ended"] = r.Ended.ToString("O", CultureInfo.InvariantCulture),
        ["durationMs"] = Math.Round((r.Ended - r.Started).TotalMilliseconds, 1),
        ["shard"] = new JsonObject { ["index"] = r.Shard.Index, ["count"] = r.Shard.Count },
        ["machine"] = new JsonObject
        {
            ["os"] = RuntimeInformation.OSDescription,
            ["architecture"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            ["cpus"] = Environment.ProcessorCount,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
        },
        ["summary"] = Summary(r),
        ["rules"] = new JsonArray([.. r.Rules.Select(x => (JsonNode)Rule(x, outDir))]),
        ["cases"] = new JsonArray([.. r.Cases.Select(c => (JsonNode)Case(c))]),
        ["hungRuns"] = new JsonArray([.. r.HungRuns.Order().Select(o => (JsonNode)o)]),
        ["crashedRuns"] = new JsonArray([.. r.CrashedRuns.Order().Select(o => (JsonNode)o)]),
        ["runDeaths"] = new JsonArray([.. r.RunDeaths.Select(d => (JsonNode)d)]),
        [RunHashesName] = null,
        ["referenceFailures"] = new JsonArray([.. r.ReferenceFailures.Select(c => (JsonNode)ReferenceFailure(c, outDir))]),
    };

    private static JsonObject Summary(CertificationResult r)
    {
        var o = new JsonObject();
        foreach (var v in Enum.GetValues<Verdict>())
        {
            o[VerdictText.Of(v)] = ResultFacts.Count(r, v);
        }

        o["mustTotal"] = ResultFacts.MustTotal(r);
        o["mustJudged"] = ResultFacts.MustJudged(r);
        o["mustPassed"] = ResultFacts.MustPassed(r);
        o["namedCases"] = r.Cases.Length;
        o["namedCasesPassed"] = r.Cases.Count(c => c.Passed);
        return o;
    }

    private static JsonObject Rule(RuleResult x, string outDir)
    {
        var o = RuleFields(x, outDir);
        if (x.Measured > 0)
        {
            // Optional: only a rule the real-clock tiers measured has it, so other reports keep their bytes.
            o["measurements"] = Measurements(x);
        }

        return o;
    }

    /// <summary>A rule's measurements, grouped by series in the order each first appeared.</summary>
    private static JsonObject Measurements(RuleResult x) => new()
    {
        ["unit"] = Harness.Engine.Measurements.UnitOf(x.Rule.Id),
        ["count"] = x.Measured,
        ["series"] = new JsonArray([.. x.Measurements.GroupBy(m => m.Series).Select(g => (JsonNode)new JsonObject
        {
            ["name"] = g.Key,
            ["values"] = new JsonArray([.. g.Select(m => (JsonNode?)(m.Value is { } v ? JsonValue.Create(v) : null))]),
        })]),
    };

    private static JsonObject RuleFields(RuleResult x, string outDir) => new()
    {
        ["id"] = x.Rule.Id,
        ["family"] = x.Rule.Family,
        ["level"] = VerdictText.Of(x.Rule.Level),
        ["tier"] = x.Rule.Tier.Name,
        ["verdict"] = VerdictText.Of(x.Verdict),
        ["sentence"] = x.Rule.Sentence,
        ["judged"] = x.Judged,
        ["hung"] = x.Hung,
        ["worst"] = x.Worst is { } w ? SeverityText(w) : null,
        ["checks"] = x.Checks,
        ["timing"] = new JsonObject
        {
            ["judgeMs"] = Math.Round(x.JudgeTime.TotalMilliseconds, 3),
            ["shrinkMs"] = Math.Round(x.ShrinkTime.TotalMilliseconds, 3),
        },
        ["note"] = ResultFacts.Note(x),
        ["caveat"] = x.Caveat,
        ["cases"] = new JsonArray([.. x.Cases.Select(c => (JsonNode)c)]),
        ["observations"] = new JsonArray([.. x.Observations.Select((text, i) => (JsonNode)new JsonObject
        {
            ["text"] = text,
            ["origin"] = i < x.ObservationOrigins.Length ? x.ObservationOrigins[i] : -1,
        })]),
        ["findings"] = new JsonArray([.. x.Findings.Select(f => (JsonNode)Finding(f, withRule: false))]),
        ["counterexample"] = x.Counterexample is { } c ? Counterexample(c, outDir) : null,
        ["alongside"] = x.Alongside is { } a ? Alongside(a) : null,
    };

    private static JsonObject Alongside(ChoiceComparison a) => new()
    {
        ["runs"] = a.Runs,
        ["differing"] = a.Differing,
        ["firstDifference"] = a.FirstDifference,
        ["loop"] = Choices(a.Loop),
        ["reference"] = Choices(a.Reference),
    };

    private static JsonArray Choices(IEnumerable<ChoiceCount> counts) =>
        new([.. counts.Select(c => (JsonNode)new JsonObject { ["choice"] = c.Choice, ["runs"] = c.Runs, ["origin"] = c.FirstOrigin })]);

    public static string SeverityText(Severity s) => s.ToString().ToLowerInvariant();

    private static JsonObject Finding(Finding f, bool withRule)
    {
        var o = new JsonObject();
        if (withRule)
        {
            o["rule"] = f.RuleId;
        }

        o["severity"] = SeverityText(f.Severity);
        o["seq"] = f.Seq;
        o["origin"] = f.Origin;
        o["expected"] = new JsonArray([.. f.Expected.Select(e => (JsonNode)e)]);
        o["actual"] = f.Actual;
        return o;
    }

    /// <summary>A scenario the reference loop failed: a counterexample of the reference, named by its rule.</summary>
    private static JsonObject ReferenceFailure(Counterexample c, string outDir)
    {
        var o = Counterexample(c, outDir, reference: true);
        o.Insert(0, "rule", c.RuleId);
        return o;
    }

    /// <param name="reference">A scenario the reference loop failed (a harness failure), saved apart.</param>
    private static JsonObject Counterexample(Counterexample c, string outDir, bool reference = false) => new()
    {
        ["tier"] = c.Tier.Name,
        ["file"] = reference ? Path.GetRelativePath(outDir, CounterexampleFile.ReferencePathFor(outDir, c.RuleId)) : Path.Combine("counterexamples", c.RuleId + ".json"),
        ["case"] = c.CaseId,
        ["run"] = c.Run,
        ["origin"] = ResultFacts.Origin(c),
        ["size"] = c.Size,
        ["originalSize"] = c.OriginalSize,
        ["steps"] = new JsonArray([.. c.Scenario.Steps.Select(s => (JsonNode)s.Describe())]),
        ["expected"] = new JsonArray([.. c.Expected.Select(e => (JsonNode)e)]),
        ["observed"] = c.Observed,
        ["replay"] = reference ? ToolCommand.Replay(CounterexampleFile.ReferencePathFor(outDir, c.RuleId)) : ResultFacts.ReplayCommand(outDir, c.RuleId),
        ["story"] = new JsonArray([.. c.Story.Select(s => (JsonNode)s)]),
    };

    private static JsonObject Case(CaseResult c) => new()
    {
        ["id"] = c.Id,
        ["rule"] = c.Id.Contains('/', StringComparison.Ordinal) ? c.Id[..c.Id.IndexOf('/', StringComparison.Ordinal)] : c.Id,
        ["origin"] = WorkPlan.OriginOfCase(c.Id),
        ["description"] = c.Description,
        ["expectation"] = c.Expectation,
        ["passed"] = c.Passed,
        ["hung"] = c.Hung,
        ["crashed"] = c.Crashed,
        ["traceHash"] = c.TraceHash,
        ["notRun"] = c.NotRunReason,
        ["findings"] = new JsonArray([.. c.Findings.Where(f => f.Severity != Severity.Observation).Select(f => (JsonNode)Finding(f, withRule: true))]),
    };
}
