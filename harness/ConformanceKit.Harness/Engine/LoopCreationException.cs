using System.Reflection;

namespace ConformanceKit.Harness.Engine;

/// <summary>The loop under test threw from its constructor. Carries the loop's own exception (never
/// a <see cref="TargetInvocationException"/> around it), so that the unit becomes a crash verdict
/// that names it, instead of a harness failure.</summary>
internal sealed class LoopCreationException(Exception inner) : Exception(Describe(inner), inner)
{
    /// <summary>Wraps a loop factory: whatever it throws is the loop's fault.</summary>
    public static Func<TimeProvider, EventImpl> Guard(Func<TimeProvider, EventImpl> create) => t =>
    {
        try
        {
            return create(t);
        }
        catch (Exception e)
        {
            throw new LoopCreationException(Unwrap(e));
        }
    };

    /// <summary>"InvalidOperationException: the message" of the innermost reflection-wrapped exception.</summary>
    public static string Describe(Exception e)
    {
        e = Unwrap(e);
        return $"{e.GetType().FullName}: {e.Message}";
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner })
        {
            e = inner;
        }

        return e;
    }
}
