using System.CommandLine;
using ConformanceKit.Harness.Loading;
using ConformanceKit.Reports;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit merge DIR... --out DIR</c>: joins the reports of shards 1/N..N/N into
/// the report one unsharded run would have written (<see cref="ShardMerge"/>).</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "The report folders of every shard of one certification.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the merged reports.", Required = true };
        var format = new Option<string>("--format") { Description = $"Reports to write, a subset of {ReportFormatList.Names} (default all).", DefaultValueFactory = _ => "all" };
        var cmd = new Command("merge", "Merge shard reports (certify --shard I/N) into the report of one whole run.\n"
            + "Exit codes: 0 the merged run certifies, 1 it does not (or a shard was stopped early), 2 bad input, 3 harness failure.")
        {
            dirs, output, format,
        };
        cmd.SetAction(p =>
        {
            var formats = ReportFormatList.TryParse(p.GetValue(format), out string? formatError) ?? throw new BadInputException(formatError!);
            var shards = CompareCommand.Load(p.GetValue(dirs)!);
            var merged = Merge(shards);
            string outDir = p.GetValue(output)!;
            OutputFolder.EnsureWritable(outDir);
            ReportWriter.WriteAll(merged, outDir, formats);
            Console.WriteLine($"{ResultFacts.Outcome(merged)}: {merged.Loop}, {ResultFacts.CountsLine(merged)}; merged {shards.Count} shards into {outDir}; trace hash {merged.TraceHash}");
            return ExitCodes.Of(merged, outDir);
        });
        return cmd;
    }

    private static Harness.Engine.CertificationResult Merge(List<LoadedReport> shards)
    {
        try
        {
            return ShardMerge.Merge(shards);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException(e.Message);
        }
    }
}
