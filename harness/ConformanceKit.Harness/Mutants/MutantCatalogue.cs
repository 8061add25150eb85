using System.Collections.Immutable;
using System.Reflection;

namespace ConformanceKit.Harness.Mutants;

/// <summary>Every mutant: classes with <see cref="MutantAttribute"/> and a constructor taking a
/// <see cref="TimeProvider"/>, found by reflection and ordered by name.</summary>
public static class MutantCatalogue
{
    public static ImmutableArray<MutantInfo> All { get; } =
    [
        .. typeof(MutantCatalogue).Assembly.GetTypes()
            .Select(t => (Type: t, Attr: t.GetCustomAttribute<MutantAttribute>()))
            .Where(x => x.Attr is not null && x.Type.IsSubclassOf(typeof(EventImpl)))
            .Select(x => new MutantInfo(x.Attr!.Name, [.. x.Attr.Rules], x.Attr.Description, x.Attr.Threaded, Factory(x.Type)) { Isolated = x.Attr.Isolated, CountsProcessFds = x.Attr.CountsProcessFds })
            .OrderBy(m => m.Name, StringComparer.Ordinal),
    ];

    public static MutantInfo? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    private static Func<TimeProvider, EventImpl> Factory(Type t)
    {
        var ctor = t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(TimeProvider)])
            ?? throw new InvalidOperationException($"mutant {t.Name} needs a constructor taking a TimeProvider");
        return clock => (EventImpl)ctor.Invoke([clock]);
    }
}
