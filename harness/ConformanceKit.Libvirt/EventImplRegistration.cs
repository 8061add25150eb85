namespace ConformanceKit.Libvirt;

/// <summary>The one event-loop implementation libvirt holds in this process.</summary>
/// <remarks>libvirt 9.0.0 keeps the first <c>virEventRegisterImpl</c> it is given and ignores
/// later ones ("Ignoring attempt to replace registered event loop"), and
/// <c>virEventRegisterDefaultImpl</c> and <c>gvir_event_register</c> both end in
/// <c>virEventRegisterImpl</c>. So each kind of registration made by this project claims the
/// process here first, and a second, different kind fails loudly instead of silently driving
/// the wrong loop. The harness runs each native certification in a child process of its own.</remarks>
public static class EventImplRegistration
{
    private static readonly Lock Gate = new();

    /// <summary>What registered with libvirt in this process ("libvirt:default", "libvirt-glib",
    /// "real-libvirt-client"), or null when nothing did through this project.</summary>
    public static string? Current { get; private set; }

    /// <summary>Runs <paramref name="register"/> the first time <paramref name="owner"/> claims the
    /// process; later claims by the same owner reuse that registration.</summary>
    /// <exception cref="InvalidOperationException">Another kind of loop is registered here.</exception>
    internal static void Claim(string owner, Action register)
    {
        lock (Gate)
        {
            if (Current == owner)
            {
                return;
            }

            if (Current is not null)
            {
                throw new InvalidOperationException(
                    $"libvirt accepts one event-loop implementation per process and this process already registered {Current}; " +
                    $"run {owner} in a child process of its own");
            }

            register();
            Current = owner;
        }
    }
}
