using ConformanceKit.Harness.Certification;

namespace ConformanceKit.Tests.Architecture;

/// <summary>The engine and the tiers reference each other one way only (issue 10, item 2): the
/// judge and the watchdog sit below the tiers (Judging), the tiers (Threaded, Native, Isolation)
/// below the engine's units and plan (Engine), and the certifier, which chooses how units run,
/// above them all (Certification).</summary>
public sealed class NamespaceLayersTests
{
    /// <summary>Lowest first: a layer may use only the layers before it.</summary>
    private static readonly string[] Layers = ["Judging", "Threaded", "Native", "Engine", "Isolation", "Certification"];

    /// <summary>ConformanceKit.Harness.Native.Bridged is part of Native; namespaces outside the
    /// layers (rules, model, loading, the bridge) are not looked at.</summary>
    private static string? LayerOf(string? ns)
    {
        const string root = "ConformanceKit.Harness.";
        if (ns is null || !ns.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        string top = ns[root.Length..].Split('.')[0];
        return Layers.Contains(top) ? top : null;
    }

    [Fact]
    public void EachLayer_UsesOnlyTheLayersBelowIt()
    {
        var uses = NamespaceReferences.Of(typeof(Certifier).Assembly, LayerOf);
        Assert.Equal(Layers.Order(), uses.Keys.Order());
        // What is known to go downwards is seen (the scan is not blind).
        Assert.Contains("Threaded", uses["Engine"].Keys);
        Assert.Contains("Judging", uses["Threaded"].Keys);
        Assert.Contains("Isolation", uses["Certification"].Keys);
        var upward = uses.SelectMany(u => u.Value.Where(v => Array.IndexOf(Layers, v.Key) > Array.IndexOf(Layers, u.Key)).Select(v => $"{u.Key} -> {v.Key}: {v.Value}")).ToList();
        Assert.True(upward.Count == 0, string.Join("\n", upward));
    }

    /// <summary>The scan sees what it must: a reference written only in a lambda's body counts.</summary>
    [Fact]
    public void TheScan_SeesTypesUsedOnlyInsideMethodBodies()
    {
        var uses = NamespaceReferences.Of(typeof(NamespaceLayersTests).Assembly, ns => ns == typeof(NamespaceLayersTests).Namespace ? "tests" : ns == "ConformanceKit.Harness.Certification" ? "certification" : null);
        Assert.Contains("certification", uses["tests"].Keys);
    }
}
