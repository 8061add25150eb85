using System.Collections.Immutable;

namespace ConformanceKit.Harness.Rules;

/// <summary>Says in words how a loop ordered the callbacks of one iteration (HANDLE-9, TIMER-8).</summary>
internal static class OrderText
{
    public static string Describe(ImmutableArray<int> regKeys)
    {
        string list = string.Join(", ", regKeys.Select(k => $"r{k}"));
        if (regKeys.SequenceEqual(regKeys.Order()))
        {
            return $"in registration order ({list})";
        }

        return regKeys.SequenceEqual(regKeys.OrderDescending()) ? $"newest first ({list})" : $"in another order ({list})";
    }
}
