using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Reports;

/// <summary>Reads a report folder (report.json and its counterexample files) back into a
/// <see cref="CertificationResult"/>, for <c>compare</c> and <c>merge</c>.</summary>
/// <remarks>Every failure is an <see cref="InvalidDataException"/> with a one-line message: no
/// report.json, not JSON, another <c>schemaVersion</c>, an unknown rule id, a counterexample file
/// that is missing.</remarks>
public static class ReportReader
{
    public static LoadedReport Read(string dir)
    {
        string path = Directory.Exists(dir) ? Path.Combine(dir, JsonReport.FileName) : dir;
        string folder = Directory.Exists(dir) ? dir : Path.GetDirectoryName(Path.GetFullPath(dir))!;
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"no {JsonReport.FileName} in {dir}");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message.Split('\n')[0]}");
        }

        int version = root["schemaVersion"] is JsonValue v && v.TryGetValue(out int n) ? n : -1;
        if (version != JsonReport.SchemaVersion)
        {
            throw new InvalidDataException($"{path} has schemaVersion {version}; this tool reads version {JsonReport.SchemaVersion}");
        }

        try
        {
            // Reports of contract version 1 did not say so.
            int contract = root["contractVersion"] is JsonValue cv && cv.TryGetValue(out int c) ? c : 1;
            return new LoadedReport(folder, ToResult(root, folder), Str(root["tool"]?["version"]) ?? "?", contract);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or KeyNotFoundException or JsonException)
        {
            throw new InvalidDataException($"{path} is not a report this tool can read: {e.Message.Split('\n')[0]}");
        }
    }

    private static CertificationResult ToResult(JsonObject o, string folder)
    {
        var rules = Arr(o["rules"]).Select(x => Rule((JsonObject)x!, folder)).ToImmutableArray();
        var cases = Arr(o["cases"]).Select(x => Case((JsonObject)x!)).ToImmutableArray();
        var shard = o["shard"] is JsonObject s ? new Shard(Int(s["index"]), Int(s["count"])) : Shard.Whole;
        return new CertificationResult(
            Str(o["loop"])!, Str(o["tier"])!, o["seed"]!.GetValue<ulong>(), Int(o["runs"]), Int(o["maxSteps"]),
            Int(o["generatedRuns"]), Int(o["failingRuns"]), Str(o["traceHash"])!, rules, cases,
            DateTimeOffset.Parse(Str(o["started"])!, CultureInfo.InvariantCulture), DateTimeOffset.Parse(Str(o["ended"])!, CultureInfo.InvariantCulture),
            o["complete"]!.GetValue<bool>())
        {
            Shard = shard,
            HungRuns = [.. Arr(o["hungRuns"]).Select(Int)],
            CrashedRuns = [.. Arr(o["crashedRuns"]).Select(Int)],
            RunDeaths = o["runDeaths"] is JsonArray deaths ? [.. deaths.Select(d => Str(d)!)] : [],
            RunHashes = [.. Arr(o["runHashes"]).Select(h => new RunHash(Int(h!["origin"]), Str(h["hash"])!))],
            // Reports before the reference ran alongside had none.
            ReferenceFailures = o["referenceFailures"] is JsonArray broke ? [.. broke.Select(b => ReferenceFailure(Str(b!["rule"])!, folder))] : [],
        };
    }

    private static Counterexample ReferenceFailure(string ruleId, string folder)
    {
        try
        {
            return CounterexampleFile.Load(CounterexampleFile.ReferencePathFor(folder, ruleId));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"the reference loop's {ruleId} scenario: {e.Message}");
        }
    }

    private static ChoiceComparison? Alongside(JsonNode? n) => n is JsonObject a
        ? new(Int(a["runs"]), Int(a["differing"]), Int(a["firstDifference"]), Choices(a["loop"]), Choices(a["reference"]))
        : null;

    private static ImmutableArray<ChoiceCount> Choices(JsonNode? n) =>
        [.. Arr(n).Select(c => new ChoiceCount(Str(c!["choice"])!, Int(c["runs"]), Int(c["origin"])))];

    private static RuleResult Rule(JsonObject x, string folder)
    {
        string id = Str(x["id"])!;
        var rule = RuleCatalogue.Find(id) ?? throw new InvalidDataException($"unknown rule id {id}");
        Counterexample? cx = null;
        if (x["counterexample"] is JsonObject)
        {
            try
            {
                cx = CounterexampleFile.Load(CounterexampleFile.PathFor(folder, rule.Id));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{rule.Id}'s counterexample: {e.Message}");
            }
        }

        var observations = Arr(x["observations"]).Select(b => (JsonObject)b!).ToList();
        return new RuleResult(
            rule,
            ParseVerdict(Str(x["verdict"])!),
            Int(x["checks"]),
            [.. Arr(x["cases"]).Select(c => Str(c)!)],
            [.. observations.Select(b => Str(b["text"])!)],
            [.. Arr(x["findings"]).Select(f => Finding((JsonObject)f!, rule.Id))],
            cx)
        {
            Judged = x["judged"]!.GetValue<bool>(),
            // Reports before caveats had none; a not-run rule's note is its reason.
            Caveat = Str(x["caveat"]),
            NotRunReason = !x["judged"]!.GetValue<bool>() ? Str(x["note"]) : null,
            Hung = x["hung"]!.GetValue<bool>(),
            Worst = Str(x["worst"]) is { } w ? ParseSeverity(w) : null,
            ObservationOrigins = [.. observations.Select(b => Int(b["origin"]))],
            Alongside = Alongside(x["alongside"]),
            JudgeTime = TimeSpan.FromMilliseconds(x["timing"]!["judgeMs"]!.GetValue<double>()),
            ShrinkTime = TimeSpan.FromMilliseconds(x["timing"]!["shrinkMs"]!.GetValue<double>()),
            // Reports without real-clock tiers (and all before them) have none.
            Measurements = x["measurements"] is JsonObject m ? Measurements(rule.Id, m) : [],
            Measured = x["measurements"] is JsonObject counted ? Int(counted["count"]) : 0,
        };
    }

    private static ImmutableArray<Measurement> Measurements(string ruleId, JsonObject m) =>
        [.. Arr(m["series"]).SelectMany(s => Arr(s!["values"]).Select(v => new Measurement(ruleId, Str(s["name"])!, v?.GetValue<double>())))];

    private static CaseResult Case(JsonObject c) => new(
        Str(c["id"])!, Str(c["description"])!, Str(c["expectation"])!, c["passed"]!.GetValue<bool>(), c["hung"]!.GetValue<bool>(),
        [.. Arr(c["findings"]).Select(f => Finding((JsonObject)f!, Str(f!["rule"])!))], Str(c["traceHash"])!)
    {
        Crashed = c["crashed"]!.GetValue<bool>(),
        NotRunReason = c["notRun"]?.GetValue<string>(),
    };

    private static Finding Finding(JsonObject f, string ruleId) => new(
        ruleId, ParseSeverity(Str(f["severity"])!), Int(f["seq"]), [.. Arr(f["expected"]).Select(e => Str(e)!)], Str(f["actual"])!, Int(f["origin"]));

    public static Verdict ParseVerdict(string text) =>
        Enum.GetValues<Verdict>().Where(v => VerdictText.Of(v) == text).Select(v => (Verdict?)v).FirstOrDefault()
        ?? throw new InvalidDataException($"unknown verdict '{text}'");

    private static Severity ParseSeverity(string text) =>
        Enum.GetValues<Severity>().Where(s => JsonReport.SeverityText(s) == text).Select(s => (Severity?)s).FirstOrDefault()
        ?? throw new InvalidDataException($"unknown severity '{text}'");

    private static JsonArray Arr(JsonNode? n) => n as JsonArray ?? throw new InvalidDataException("an expected array is missing");

    private static int Int(JsonNode? n) => n?.GetValue<int>() ?? throw new InvalidDataException("an expected number is missing");

    private static string? Str(JsonNode? n) => n?.GetValue<string>();
}
