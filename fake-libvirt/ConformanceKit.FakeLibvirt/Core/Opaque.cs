namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>The opaque object the core hands to the loop with each registration; one
/// fresh instance per registration, so that identity tells whose opaque came back (HANDLE-7).</summary>
public sealed class Opaque(int regKey)
{
    public int RegKey { get; } = regKey;

    public override string ToString() => $"opaque(r{RegKey})";

    /// <summary>The registration an object passed by the loop belongs to: 0 for null,
    /// -1 for an object the core never made.</summary>
    public static int OwnerOf(object? o) => o switch
    {
        null => 0,
        Opaque op => op.RegKey,
        _ => -1,
    };
}
