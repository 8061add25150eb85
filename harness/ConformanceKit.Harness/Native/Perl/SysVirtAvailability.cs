using System.Diagnostics;
using ConformanceKit.Harness.Bridge;

namespace ConformanceKit.Harness.Native.Perl;

/// <summary>Whether Debian's Sys::Virt loads here (asked once per process).</summary>
public static class SysVirtAvailability
{
    private static readonly Lazy<string?> Checked = new(Check);

    /// <summary>Why it cannot be loaded, or null.</summary>
    public static string? Problem() => Checked.Value;

    private static string? Check()
    {
        if (!File.Exists(PerlLoops.Interpreter))
        {
            return $"{PerlLoops.Interpreter} not found (apt-get install perl libsys-virt-perl)";
        }

        var psi = new ProcessStartInfo(PerlLoops.Interpreter) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "-MSys::Virt", "-e", "print $Sys::Virt::VERSION" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string version = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 && version.Length > 0 ? null : "Sys::Virt does not load (apt-get install libsys-virt-perl)";
    }
}
