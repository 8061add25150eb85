namespace ConformanceKit.Harness.Bridge;

/// <summary>The bridged loop raised an exception in a call or a step: that call's failure, recorded
/// by the fake core as it records a C# loop's exception.</summary>
/// <param name="Scripted">The exception was the harness's own, thrown by a scripted callback (LIFE-2).</param>
public sealed class BridgeLoopException(string message, bool scripted) : Exception(message)
{
    public bool Scripted { get; } = scripted;
}
