namespace ConformanceKit.Harness.Bridge;

/// <summary>The adapter broke the protocol or died: charged to the adapter (the case's verdict is
/// crash), never to a rule.</summary>
public sealed class BridgeFaultException(string message) : Exception(message);
