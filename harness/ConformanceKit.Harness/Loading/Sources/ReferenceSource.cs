using ConformanceKit.Reference;

namespace ConformanceKit.Harness.Loading.Sources;

/// <summary><c>reference</c>: the embedded reference loop (the default).</summary>
internal sealed class ReferenceSource : ILoopSource
{
    public string Syntax => LoopLoader.Reference;

    public bool Claims(string spec) => spec == LoopLoader.Reference;

    public LoadedLoop Load(string spec) => new(spec, t => new ReferenceEventLoop(t), true);
}
