using System.Text.Json;
using Json.Schema;

namespace ConformanceKit.Tests.Reports;

/// <summary>Validates report.json files against the published schema, reports/report.schema.v1.json,
/// with JsonSchema.Net (draft 2020-12, formats checked).</summary>
internal static class ReportSchema
{
    public static string SchemaPath { get; } = Path.Combine(Repo.Root, "reports", "report.schema.v1.json");

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(SchemaPath));

    /// <summary>The errors of a report (empty: valid), each "location: message".</summary>
    public static List<string> Errors(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    public static void AssertValid(string reportPath)
    {
        var errors = Errors(File.ReadAllText(reportPath));
        Assert.True(errors.Count == 0, $"{reportPath} does not validate against {SchemaPath}:\n{string.Join("\n", errors.Take(20))}");
    }
}
