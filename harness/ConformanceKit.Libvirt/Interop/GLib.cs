using System.Runtime.InteropServices;

namespace ConformanceKit.Libvirt.Interop;

/// <summary>The few GLib calls that iterate the default GMainContext, where both libvirt's
/// default loop (libvirt 9.0.0) and libvirt-glib's loop attach their sources.</summary>
internal static unsafe partial class GLib
{
    public const string Lib = "libglib-2.0.so.0";

    /// <summary>gboolean g_main_context_iteration(GMainContext *context, gboolean may_block).</summary>
    [LibraryImport(Lib, EntryPoint = "g_main_context_iteration")]
    public static partial int MainContextIteration(nint context, int mayBlock);

    /// <summary>gboolean g_main_context_pending(GMainContext *context).</summary>
    [LibraryImport(Lib, EntryPoint = "g_main_context_pending")]
    public static partial int MainContextPending(nint context);

    /// <summary>guint g_timeout_add(guint interval, GSourceFunc function, gpointer data).</summary>
    [LibraryImport(Lib, EntryPoint = "g_timeout_add")]
    public static partial uint TimeoutAdd(uint intervalMs, delegate* unmanaged<nint, int> function, nint data);

    /// <summary>gboolean g_source_remove(guint tag).</summary>
    [LibraryImport(Lib, EntryPoint = "g_source_remove")]
    public static partial int SourceRemove(uint tag);
}

/// <summary>libvirt-glib-1.0.so.0 (libvirt-glib 4.0.0 on Debian 12).</summary>
internal static partial class VirGlib
{
    public const string Lib = "libvirt-glib-1.0.so.0";

    /// <summary>Registers libvirt-glib's GMain-based loop with libvirt (once per process, GOnce).</summary>
    [LibraryImport(Lib, EntryPoint = "gvir_event_register")]
    public static partial void EventRegister();
}
