using System.Runtime.InteropServices;

namespace ConformanceKit.Libvirt.Loops;

/// <summary>What one opaque handed to libvirt stands for: the C# callback, opaque and ff of a
/// registration, and the client that made it.</summary>
/// <remarks>libvirt gets <c>GCHandle.ToIntPtr</c> of this object as its <c>void *opaque</c>; the
/// free thunk frees that GCHandle once libvirt's loop has called it.</remarks>
internal sealed class NativeRegistration
{
    public required VirEventClient Owner { get; init; }

    public HandleCallback? OnHandle { get; init; }

    public TimeoutCallback? OnTimeout { get; init; }

    public object? Opaque { get; init; }

    public FreeCallback? Ff { get; init; }

    /// <summary>The adapter's own timer: its fires and its ff never reach the loop's user.</summary>
    public Action? PrivateFired { get; init; }

    /// <summary>The id libvirt returned (0 until then).</summary>
    public int Id { get; set; }

    public GCHandle Handle { get; set; }
}
