using System.CommandLine;
using System.Text.Json;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit rules</c>: the rule catalogue, id, level and sentence.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the catalogue as JSON." };
        var cmd = new Command("rules", "List every rule of the contract: id, level, sentence.") { json };
        cmd.SetAction(p =>
        {
            if (p.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    RuleCatalogue.All.Select(r => new { id = r.Id, level = VerdictText.Of(r.Level), tier = r.Tier.Name, sentence = r.Sentence }),
                    new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Certified;
            }

            foreach (var r in RuleCatalogue.All)
            {
                Console.WriteLine($"{r.Id,-10} {VerdictText.Of(r.Level),-6} {r.Sentence}");
            }

            Console.WriteLine($"{RuleCatalogue.All.Length} rules");
            return ExitCodes.Certified;
        });
        return cmd;
    }
}
