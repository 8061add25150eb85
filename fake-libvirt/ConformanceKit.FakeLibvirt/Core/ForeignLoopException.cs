namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>An exception a loop in another language raised, carried into this process: the trace
/// names the loop's own exception type ("KeyError"), not the carrier's.</summary>
public abstract class ForeignLoopException(string typeName, string message) : Exception(message)
{
    /// <summary>The exception's type in the loop's language.</summary>
    public string TypeName { get; } = typeName;

    /// <summary>The name the trace records for an exception a loop threw.</summary>
    public static string NameOf(Exception e) => e is ForeignLoopException f ? f.TypeName : e.GetType().Name;
}
