using System.Collections.Immutable;

namespace ConformanceKit.Harness.Rules;

/// <summary>Every rule of the contract, found by reflection and ordered by family, then number.</summary>
public static class RuleCatalogue
{
    /// <summary>The version of CONTRACT.md these rules are (its first lines say what each version
    /// changed); reports name it, and merge joins only reports of this version.</summary>
    public const int ContractVersion = 2;

    private static readonly string[] FamilyOrder = ["IDS", "HANDLE", "TIMER", "FREE", "REENTRY", "THREAD", "LIFE"];

    public static ImmutableArray<Rule> All { get; } =
    [
        .. typeof(Rule).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Rule)) && !t.IsAbstract)
            .Select(t => (Rule)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(r => Array.IndexOf(FamilyOrder, r.Family))
            .ThenBy(r => int.Parse(r.Id[(r.Id.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public static Rule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}
