using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Tests.Engine;

/// <summary>Compares scenarios by what they do (records with arrays compare by reference).</summary>
internal sealed class ScenarioComparer : IEqualityComparer<Scenario>
{
    public static readonly ScenarioComparer Instance = new();

    public bool Equals(Scenario? x, Scenario? y) =>
        x is not null && y is not null && x.Slots.SequenceEqual(y.Slots)
        && x.Steps.Select(s => s.Describe()).SequenceEqual(y.Steps.Select(s => s.Describe()));

    public int GetHashCode(Scenario obj) => obj.Steps.Length;
}
