using System.Diagnostics;
using ConformanceKit.Harness.Bridge;

namespace ConformanceKit.Harness.Native.Bridged;

/// <summary>A language's real libvirt binding, which drives that language's loops in the native
/// tier: Debian's Sys::Virt for <c>perl:</c> loops, Debian's libvirt-python for <c>python:</c>
/// loops. Each runs the session in an interpreter of its own (libvirt takes one loop per process)
/// through a script beside the bridge adapter.</summary>
/// <param name="Name">The binding, as stories name it.</param>
/// <param name="Language">The loops' language, for ids and stories.</param>
/// <param name="Drives">The <see cref="NativeDrives"/> value of the loops it drives.</param>
/// <param name="Prefix">The loop kind's prefix, which the session's loop argument goes without.</param>
/// <param name="Probe">Interpreter arguments that load the binding and print its version.</param>
/// <param name="Package">The Debian package that brings the binding.</param>
internal sealed record RealBinding(string Name, string Language, string Drives, string Prefix, string Interpreter, string ScriptName, string[] Probe, string Package)
{
    private readonly Lazy<string?> _problem = new(() => Check(Interpreter, Probe, Name, Package));

    public static RealBinding SysVirt { get; } = new("Sys::Virt", "perl", NativeDrives.Perl, PerlLoops.Prefix, PerlLoops.Interpreter,
        Path.Combine("perl", "ck_sysvirt.pl"), ["-MSys::Virt", "-e", "print $Sys::Virt::VERSION"], "libsys-virt-perl");

    public static RealBinding LibvirtPython { get; } = new("libvirt-python", "python", NativeDrives.Python, PythonLoops.Prefix, PythonLoops.Interpreter,
        Path.Combine("python", "ck_libvirt_python.py"), ["-c", "import libvirt; print(libvirt.getVersion())"], "python3-libvirt");

    /// <summary>The session script, copied beside the harness.</summary>
    public string Script => Path.Combine(AppContext.BaseDirectory, "Bridge", ScriptName);

    /// <summary>Why the binding cannot be loaded here, or null (asked once per process).</summary>
    public string? Problem() => _problem.Value;

    private static string? Check(string interpreter, string[] probe, string name, string package)
    {
        if (!File.Exists(interpreter))
        {
            return $"{interpreter} not found (apt-get install {package})";
        }

        var psi = new ProcessStartInfo(interpreter) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in probe)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string version = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 && version.Length > 0 ? null : $"{name} does not load (apt-get install {package})";
    }
}
