using ConformanceKit.FakeLibvirt.Core;

namespace ConformanceKit.Harness.Bridge;

/// <summary>The bridged loop raised an exception in a call or a step: that call's failure, recorded
/// by the fake core as it records a C# loop's exception, under the loop's own exception type.</summary>
/// <param name="error">The adapter's one-line error, "TYPE: message" (docs/bridge-protocol.md).</param>
/// <param name="scripted">The exception was the harness's own, thrown by a scripted callback (LIFE-2).</param>
internal sealed class BridgeLoopException(string error, bool scripted) : ForeignLoopException(TypeOf(error), error)
{
    public bool Scripted { get; } = scripted;

    // "ValueError: ...", "die: ...", "My::Error: ...": the type ends at the first ": ".
    private static string TypeOf(string error) =>
        error.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon && !error[..colon].Contains(' ', StringComparison.Ordinal)
            ? error[..colon]
            : "error";
}
