namespace ConformanceKit.Tests.ReferenceLoop.Support;

/// <summary>What the loop called back.</summary>
internal enum CallKind
{
    Handle,
    Timer,
    Free,
}
