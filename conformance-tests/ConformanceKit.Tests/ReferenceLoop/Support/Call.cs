namespace ConformanceKit.Tests.ReferenceLoop.Support;

/// <summary>One call the loop made into the test: which callback, its arguments, the thread it
/// ran on, and how many other callbacks/ffs of the log were running when it started.</summary>
internal sealed record Call(CallKind Kind, int Id, int Fd, HandleEvents Events, object? Opaque, int Thread, int Nesting);
