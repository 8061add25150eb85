using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Reports;

/// <summary>report.json: the full, machine-readable record of a certification.</summary>
/// <remarks>Field names and the verdict/level strings are a published interface (scripts read
/// them); <see cref="SchemaVersion"/> changes when they do.</remarks>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    public static string ToolVersion { get; } =
        typeof(JsonReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static JsonObject Build(CertificationResult r, string outDir) => new()
    {
        ["schemaVersion"] = SchemaVersion,
        ["tool"] = new JsonObject { ["name"] = "conformancekit", ["version"] = ToolVersion },
        ["loop"] = r.Loop,
        ["tier"] = r.Tier,
        ["seed"] = r.Seed,
        ["runs"] = r.Runs,
        ["generatedRuns"] = r.GeneratedRuns,
        ["maxSteps"] = r.MaxSteps,
        ["traceHash"] = r.TraceHash,
        ["certified"] = r.Certified,
        ["complete"] = r.Complete,
        ["started"] = r.Started.ToString("O"),
        ["ended"] = r.Ended.ToString("O"),
        ["machine"] = new JsonObject
        {
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["cpus"] = Environment.ProcessorCount,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        },
        ["summary"] = Summary(r),
        ["rules"] = new JsonArray([.. r.Rules.Select(x => (JsonNode)Rule(x, outDir))]),
        ["cases"] = new JsonArray([.. r.Cases.Select(c => (JsonNode)Case(c))]),
    };

    public static string Serialize(CertificationResult r, string outDir) =>
        Build(r, outDir).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject Summary(CertificationResult r)
    {
        var o = new JsonObject();
        foreach (var v in Enum.GetValues<Verdict>())
        {
            o[VerdictText.Of(v)] = r.Rules.Count(x => x.Verdict == v);
        }

        o["mustTotal"] = r.Rules.Count(x => x.Rule.Level == RuleLevel.Must);
        o["mustPassed"] = r.Rules.Count(x => x.Rule.Level == RuleLevel.Must && x.Verdict == Verdict.Pass);
        return o;
    }

    private static JsonObject Rule(RuleResult x, string outDir) => new()
    {
        ["id"] = x.Rule.Id,
        ["level"] = VerdictText.Of(x.Rule.Level),
        ["verdict"] = VerdictText.Of(x.Verdict),
        ["sentence"] = x.Rule.Sentence,
        ["checks"] = x.Checks,
        ["cases"] = new JsonArray([.. x.Cases.Select(c => (JsonNode)c)]),
        ["observations"] = new JsonArray([.. x.Observations.Select(c => (JsonNode)c)]),
        ["findings"] = new JsonArray([.. x.Findings.Select(f => (JsonNode)Finding(f))]),
        ["counterexample"] = x.Counterexample is { } c ? Counterexample(c, outDir) : null,
    };

    private static JsonObject Finding(Finding f) => new()
    {
        ["severity"] = f.Severity.ToString().ToLowerInvariant(),
        ["expected"] = new JsonArray([.. f.Expected.Select(e => (JsonNode)e)]),
        ["actual"] = f.Actual,
    };

    private static JsonObject Counterexample(Counterexample c, string outDir) => new()
    {
        ["file"] = CounterexampleFile.PathFor(outDir, c.RuleId),
        ["case"] = c.CaseId,
        ["run"] = c.Run,
        ["size"] = c.Size,
        ["originalSize"] = c.OriginalSize,
        ["steps"] = new JsonArray([.. c.Scenario.Steps.Select(s => (JsonNode)s.Describe())]),
        ["expected"] = new JsonArray([.. c.Expected.Select(e => (JsonNode)e)]),
        ["observed"] = c.Observed,
        ["replay"] = $"./conformancekit replay {CounterexampleFile.PathFor(outDir, c.RuleId)}",
        ["story"] = new JsonArray([.. c.Story.Select(s => (JsonNode)s)]),
    };

    private static JsonObject Case(CaseResult c) => new()
    {
        ["id"] = c.Id,
        ["description"] = c.Description,
        ["expectation"] = c.Expectation,
        ["passed"] = c.Passed,
        ["hung"] = c.Hung,
        ["findings"] = new JsonArray([.. c.Findings.Where(f => f.Severity != Severity.Observation).Select(f => (JsonNode)new JsonObject
        {
            ["rule"] = f.RuleId,
            ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            ["actual"] = f.Actual,
        })]),
    };
}
