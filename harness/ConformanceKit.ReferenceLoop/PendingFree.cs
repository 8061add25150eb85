namespace ConformanceKit.Reference;

/// <summary>A free callback owed for a removed registration, waiting for the end of an
/// iteration (FREE-3, FREE-4).</summary>
internal readonly record struct PendingFree(FreeCallback Ff, object? Opaque);
