namespace ConformanceKit.Harness.Bridge;

/// <summary>The adapter broke the protocol or died: charged to the adapter (the case's verdict is
/// crash), never to a rule.</summary>
/// <param name="ended">The adapter's side of the connection is gone (end of file, a failed send):
/// its process is dying, and how it ended is worth waiting for.</param>
internal sealed class BridgeFaultException(string message, bool ended = false) : Exception(message)
{
    public bool Ended { get; } = ended;
}
