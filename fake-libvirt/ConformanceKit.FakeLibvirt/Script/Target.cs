namespace ConformanceKit.FakeLibvirt.Script;

/// <summary>Which registration an update or remove aims at.</summary>
/// <remarks>
/// A <see cref="Target"/> never holds a loop's id directly, because ids are the loop's
/// choice: <c>Ref(k)</c> means "the k-th watch (or timer) this script added", resolved
/// at run time, modulo the number added so far, so that a shrunk script (steps removed)
/// still refers to something. <c>Raw(id)</c> passes an id as is: 0, negative, or one
/// never handed out (IDS-5, IDS-6).
/// </remarks>
public sealed record Target(bool IsRaw, int Value)
{
    public static Target Ref(int k) => new(false, k);

    public static Target Raw(int id) => new(true, id);

    public override string ToString() => IsRaw ? $"id {Value}" : $"#{Value}";

    /// <summary>For a <c>Ref(k)</c>: the one of <paramref name="added"/> it means (k modulo their
    /// number, never negative); default when none was added yet.</summary>
    public T? Pick<T>(IReadOnlyList<T> added) =>
        added.Count == 0 ? default : added[((Value % added.Count) + added.Count) % added.Count];
}
