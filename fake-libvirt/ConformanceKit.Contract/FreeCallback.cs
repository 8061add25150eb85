namespace ConformanceKit;

/// <summary>
/// Releases the opaque of a registration that is gone: libvirt's <c>virFreeCallback</c>.
/// </summary>
/// <remarks>
/// Called exactly once per removed registration (FREE-2), after remove has returned
/// (FREE-3), from a clean stack (FREE-4), with none of the loop's locks held (FREE-5).
/// libvirt's RPC code takes its own lock in this callback while it may hold that
/// lock around remove, which is why the timing matters.
/// </remarks>
/// <param name="opaque">The opaque the registration was added with.</param>
public delegate void FreeCallback(object? opaque);
