using System.Text.Encodings.Web;
using System.Text.Json;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Reports;

namespace ConformanceKit.Tests.Reports;

/// <summary>report.json is streamed (<see cref="JsonReport.Write"/>): its bytes are those of the
/// whole document written at once, whatever the number of run hashes, flushes included.</summary>
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

        Assert.Equal(JsonReport.Build(r, ReportRuns.Ref.Dir).ToJsonString(AsADocument) + "\n", streamed);
        Assert.Equal(r.RunHashes.Count, JsonDocument.Parse(streamed).RootElement.GetProperty("runHashes").GetArrayLength());
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
