using ConformanceKit.Harness.Loading.Sources;

namespace ConformanceKit.Harness.Loading;

/// <summary>Every loop kind the tool knows, in the order --loop's help lists them.</summary>
public static class LoopSources
{
    public static IReadOnlyList<ILoopSource> All { get; } =
    [
        new ReferenceSource(),
        new MutantSource(),
        new LibvirtSource(),
        new AssemblySource(),
        Bridge.BridgeSource.Python,
        Bridge.BridgeSource.Perl,
    ];

    /// <summary>The syntax of every kind, for --loop's help and for the errors.</summary>
    public static string Kinds { get; } = string.Join(", ", All.Select(s => s.Syntax));

    /// <summary>The kind a spec is of, or null.</summary>
    public static ILoopSource? For(string spec) => All.FirstOrDefault(s => s.Claims(spec));
}
