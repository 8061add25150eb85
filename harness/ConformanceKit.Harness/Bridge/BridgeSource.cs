using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Bridge;

/// <summary>A bridged loop kind (<c>python:</c>, <c>perl:</c>) as a loop source: its prefix and
/// syntax, and its <c>&lt;Language&gt;Loops</c> class's loading and absolute spec.</summary>
internal sealed class BridgeSource(string prefix, string syntax, Func<string, LoadedLoop> load, Func<string, string> absolute) : ILoopSource
{
    public static BridgeSource Python { get; } = new(PythonLoops.Prefix, PythonLoops.Syntax, PythonLoops.Load, PythonLoops.Absolute);

    public static BridgeSource Perl { get; } = new(PerlLoops.Prefix, PerlLoops.Syntax, PerlLoops.Load, PerlLoops.Absolute);

    public string Syntax => syntax;

    public bool Claims(string spec) => spec.StartsWith(prefix, StringComparison.Ordinal);

    public LoadedLoop Load(string spec) => load(spec);

    public string Absolute(string spec) => absolute(spec);
}
