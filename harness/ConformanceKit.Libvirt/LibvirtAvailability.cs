using System.Runtime.InteropServices;
using ConformanceKit.Libvirt.Interop;

namespace ConformanceKit.Libvirt;

/// <summary>Whether the native libraries the libvirt tier needs can be loaded here, and if not,
/// one line that says which Debian package provides the missing one.</summary>
public static class LibvirtAvailability
{
    /// <summary>Debian 12 packages that provide what this project loads: libvirt.so.0 (which has
    /// the <c>test:///default</c> driver built in), libglib-2.0.so.0 (a dependency of libvirt0)
    /// and libvirt-glib-1.0.so.0.</summary>
    public static IReadOnlyList<string> DebianPackages { get; } = ["libvirt0", "libvirt-glib-1.0-0"];

    /// <summary>Null when libvirt (and, if asked, libvirt-glib) can be loaded; otherwise why not.</summary>
    /// <param name="needLibvirtGlib">Also require libvirt-glib-1.0.so.0.</param>
    public static string? Problem(bool needLibvirtGlib = false)
    {
        var missing = new List<string>();
        Probe(Virt.Lib, "libvirt0", missing);
        Probe(GLib.Lib, "libglib2.0-0", missing);
        if (needLibvirtGlib)
        {
            Probe(VirGlib.Lib, "libvirt-glib-1.0-0", missing);
        }

        return missing.Count == 0
            ? null
            : "cannot load " + string.Join(", ", missing) + " (on Debian 12: apt-get install " + string.Join(' ', DebianPackages) + ")";
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> with <see cref="Problem"/>'s text.</summary>
    /// <param name="needLibvirtGlib">Also require libvirt-glib-1.0.so.0.</param>
    public static void Require(bool needLibvirtGlib = false)
    {
        string? problem = Problem(needLibvirtGlib);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private static void Probe(string lib, string package, List<string> missing)
    {
        if (!NativeLibrary.TryLoad(lib, out _))
        {
            missing.Add($"{lib} (package {package})");
        }
    }
}
