using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Reports;

namespace ConformanceKit.Tests.Reports;

/// <summary>report.json is streamed (<see cref="JsonReport.Write"/>): its text is what the document it
/// holds would be written as, with every run hash in origin order, whatever their number, flushes
/// included.</summary>
[Collection(ReportsCollection.Name)]
public sealed class JsonReportStreamTests
{
    private static readonly JsonSerializerOptions AsADocument = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData(0)]
    [InlineData(2500)] // past two flushes of the hashes' array, and out of origin order, as a merge may add them
    public void Streamed_IsTheDocumentsText(int extraHashes)
    {
        var r = ReportReader.Read(ReportRuns.Ref.Dir).Result;
        RunHashList hashes = [.. r.RunHashes, .. Enumerable.Range(0, extraHashes).Select(i => new RunHash(100_000 + extraHashes - i, $"{i:x64}"))];
        r = r with { RunHashes = hashes, Loop = "a \"quoted\" loop, é <&>" };

        string streamed = JsonReport.Serialize(r, ReportRuns.Ref.Dir);

        // Written as a document would be (indentation, escaping, the final newline) ...
        Assert.Equal(JsonNode.Parse(streamed)!.ToJsonString(AsADocument) + "\n", streamed);
        // ... and the hashes all there, in origin order.
        var written = JsonDocument.Parse(streamed).RootElement.GetProperty("runHashes").EnumerateArray()
            .Select(h => new RunHash(h.GetProperty("origin").GetInt32(), h.GetProperty("hash").GetString()!));
        Assert.Equal(r.RunHashes.OrderBy(h => h.Origin), written);
    }

    [Fact]
    public void TheFileWritten_IsTheStreamedText()
    {
        var r = ReportReader.Read(ReportRuns.Ref.Dir).Result;
        string dir = Directory.CreateTempSubdirectory("ck-json-").FullName;
        try
        {
            string path = Path.Combine(dir, JsonReport.FileName);
            ReportFormatList.WriteFile(ReportFormats.Json, r, dir, path);
            Assert.Equal(JsonReport.Serialize(r, dir), File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(dir)); // no temp file left beside it
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
