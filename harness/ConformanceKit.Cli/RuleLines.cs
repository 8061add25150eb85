using ConformanceKit.Harness.Engine;
using ConformanceKit.Reports;
using Spectre.Console;

namespace ConformanceKit.Cli;

/// <summary>One line per rule (id, level, verdict, note; under a rule that allows several
/// outcomes, the loop's choice beside the reference's), then the story of every MUST failure;
/// coloured on a terminal, plain text in a log.</summary>
internal static class RuleLines
{
    public static void Print(CertificationResult r, bool colour, string outDir)
    {
        foreach (var x in r.Rules)
        {
            string v = VerdictText.Of(x.Verdict);
            string line = $"{x.Rule.Id,-10} {VerdictText.Of(x.Rule.Level),-6} {v,-10} {ResultFacts.Note(x)}";
            if (colour)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape($"{x.Rule.Id,-10} {VerdictText.Of(x.Rule.Level),-6}")} [{Colour(x.Verdict)}]{v,-10}[/] {Markup.Escape(ResultFacts.Note(x))}");
            }
            else
            {
                Console.WriteLine(line);
            }

            if (ResultFacts.Alongside(x) is { } beside)
            {
                // Where the contract allows several outcomes, the loop's choice beside the
                // reference's, as every report format shows it.
                Console.WriteLine($"{string.Empty,-18}{beside}");
            }
        }

        foreach (var d in r.RunDeaths)
        {
            Console.WriteLine($"{"run",-10} {string.Empty,-6} {d}");
        }

        foreach (var x in r.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.Crash && x.Counterexample is not null))
        {
            Console.WriteLine();
            foreach (var line in ResultFacts.Story(x, outDir))
            {
                Console.WriteLine(line);
            }
        }
    }

    private static string Colour(Verdict v) => v switch
    {
        Verdict.Pass => "green",
        Verdict.Fail or Verdict.Crash => "red bold",
        Verdict.NonStrict => "yellow",
        Verdict.Info => "blue",
        Verdict.Hang => "magenta",
        _ => "grey",
    };
}
