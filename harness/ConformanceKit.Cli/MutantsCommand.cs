using System.CommandLine;
using System.Text.Json;
using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit mutants</c>: the catalogue of deliberately broken loops.</summary>
internal static class MutantsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print [{name, rules, description}] as JSON." };
        var cmd = new Command("mutants", "List the mutants (loops with one known bug each) and the rules each must fail.") { json };
        cmd.SetAction(p =>
        {
            if (p.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    MutantCatalogue.All.Select(m => new { name = m.Name, rules = m.Rules, description = m.Description, threaded = m.Threaded, isolated = m.Isolated }),
                    new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Certified;
            }

            foreach (var m in MutantCatalogue.All)
            {
                Console.WriteLine($"{m.Name,-32} {string.Join(",", m.Rules),-20} {m.Description}");
            }

            Console.WriteLine($"{MutantCatalogue.All.Length} mutants");
            return ExitCodes.Certified;
        });
        return cmd;
    }
}
