using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Reports;

/// <summary>Writes every output of a certification into its folder: report.json and one
/// counterexample file per failing rule. Each file is written atomically.</summary>
public static class ReportWriter
{
    public static string WriteAll(CertificationResult r, string outDir)
    {
        Directory.CreateDirectory(outDir);
        foreach (var c in r.Rules.Select(x => x.Counterexample).OfType<Counterexample>())
        {
            AtomicFile.Write(CounterexampleFile.PathFor(outDir, c.RuleId), CounterexampleFile.Serialize(c));
        }

        string report = Path.Combine(outDir, "report.json");
        AtomicFile.Write(report, JsonReport.Serialize(r, outDir));
        return report;
    }
}
