using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules;

/// <summary>The "actual" line of a missed dispatch, shared by the rules a miss can be charged to.</summary>
internal static class MissText
{
    public static string Got(DispatchExpected d) => d.Delivered == HandleEvents.None
        ? $"not called (the kernel reported {d.Expected} at the iteration's start)"
        : $"called with {d.Delivered} only";
}
