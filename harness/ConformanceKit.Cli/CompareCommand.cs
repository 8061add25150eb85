using System.CommandLine;
using ConformanceKit.Harness.Loading;
using ConformanceKit.Reports;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit compare DIR...</c>: several loops side by side, rule by rule
/// (compare.html and its Markdown twin compare.md).</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Report folders written by certify (each holds a report.json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for compare.html and compare.md (default reports/out/compare).", DefaultValueFactory = _ => Path.Combine("reports", "out", "compare") };
        var cmd = new Command("compare", "Compare loops side by side, rule by rule: one HTML page and its Markdown twin.\nExit codes: 0 written, 2 bad input, 3 harness failure.")
        {
            dirs, output,
        };
        cmd.SetAction(p =>
        {
            var reports = Load(p.GetValue(dirs)!);
            string outDir = p.GetValue(output)!;
            OutputFolder.EnsureWritable(outDir);
            string html = Path.Combine(outDir, CompareReport.HtmlFileName);
            string md = Path.Combine(outDir, CompareReport.MarkdownFileName);
            AtomicFile.Write(html, CompareReport.Html(reports, outDir));
            AtomicFile.Write(md, CompareReport.Markdown(reports));
            Console.WriteLine($"compared {reports.Count} loops ({string.Join(", ", reports.Select(r => r.Result.Loop))}): {html}, {md}");
            return ExitCodes.Certified;
        });
        return cmd;
    }

    /// <summary>Reads each folder's report; any unreadable one is bad input, named in one line.</summary>
    public static List<LoadedReport> Load(IEnumerable<string> dirs)
    {
        var list = new List<LoadedReport>();
        foreach (var d in dirs)
        {
            try
            {
                list.Add(ReportReader.Read(d));
            }
            catch (InvalidDataException e)
            {
                throw new BadInputException(e.Message);
            }
        }

        return list;
    }
}
