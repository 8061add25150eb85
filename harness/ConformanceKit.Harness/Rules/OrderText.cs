using System.Collections.Immutable;

namespace ConformanceKit.Harness.Rules;

/// <summary>Says in words how a loop ordered the callbacks of one iteration (HANDLE-9, TIMER-8).</summary>
internal static class OrderText
{
    public static string Describe(ImmutableArray<int> regKeys) => $"{Kind(regKeys)} ({string.Join(", ", regKeys.Select(k => $"r{k}"))})";

    /// <summary>The order without the registrations: "in registration order", "newest first" or
    /// "in another order" (the choice the report sets beside the reference's).</summary>
    public static string Kind(ImmutableArray<int> regKeys) =>
        regKeys.SequenceEqual(regKeys.Order()) ? "in registration order"
        : regKeys.SequenceEqual(regKeys.OrderDescending()) ? "newest first"
        : "in another order";
}
