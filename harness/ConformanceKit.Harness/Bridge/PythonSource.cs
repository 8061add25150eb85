using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Bridge;

/// <summary>The <c>python:</c> loop kind (<see cref="PythonLoops"/>) as a loop source.</summary>
internal sealed class PythonSource : ILoopSource
{
    public string Syntax => PythonLoops.Syntax;

    public bool Claims(string spec) => spec.StartsWith(PythonLoops.Prefix, StringComparison.Ordinal);

    public LoadedLoop Load(string spec) => PythonLoops.Load(spec);

    public string Absolute(string spec) => PythonLoops.Absolute(spec);
}
