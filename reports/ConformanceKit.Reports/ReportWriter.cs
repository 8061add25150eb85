using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Reports;

/// <summary>Writes the outputs of a certification into its folder: the chosen report formats and
/// one counterexample file per rule that has one. Every file is written atomically
/// (<see cref="AtomicFile"/>), so a reader never sees half a report.</summary>
public static class ReportWriter
{
    /// <summary>Writes everything; returns the paths written, report.json first when chosen.</summary>
    /// <remarks>Counterexample files left by an earlier run in the same folder, for rules that
    /// have none now, are removed, so the folder never shows a failure this run did not find.</remarks>
    public static IReadOnlyList<string> WriteAll(CertificationResult r, string outDir, ReportFormats formats = ReportFormats.All)
    {
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        foreach (var c in r.Rules.Select(x => x.Counterexample).OfType<Counterexample>())
        {
            string path = CounterexampleFile.PathFor(outDir, c.RuleId);
            AtomicFile.Write(path, CounterexampleFile.Serialize(c, path));
            written.Add(path);
        }

        foreach (var stale in RuleCatalogue.All.Where(rule => r.Rules.All(x => x.Rule.Id != rule.Id || x.Counterexample is null)))
        {
            string path = CounterexampleFile.PathFor(outDir, stale.Id);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        // The scenarios the reference loop failed (a harness failure), apart from the loop's.
        string referenceDir = CounterexampleFile.ReferenceDir(outDir);
        foreach (string stale in Directory.Exists(referenceDir) ? Directory.GetFiles(referenceDir, "*.json") : [])
        {
            File.Delete(stale);
        }

        foreach (var c in r.ReferenceFailures)
        {
            string path = CounterexampleFile.ReferencePathFor(outDir, c.RuleId);
            AtomicFile.Write(path, CounterexampleFile.Serialize(c, path));
            written.Add(path);
        }

        foreach (var f in ReportFormatList.Each(formats))
        {
            string path = Path.Combine(outDir, ReportFormatList.FileName(f));
            ReportFormatList.WriteFile(f, r, outDir, path);
            written.Insert(f == ReportFormats.Json ? 0 : written.Count, path);
        }

        return written;
    }

    /// <summary>One format's text (see <see cref="ReportFormatList"/>).</summary>
    public static string Render(ReportFormats single, CertificationResult r, string outDir) => ReportFormatList.Render(single, r, outDir);
}
