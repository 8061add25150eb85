namespace ConformanceKit.Harness.Native;

/// <summary>What a native case drives: which loops real libvirt can be given here.</summary>
internal static class NativeDrives
{
    /// <summary>A C# loop (or libvirt's own), registered with this process's libvirt through
    /// virEventRegisterImpl, in a child worker.</summary>
    public const string InProcess = "in-process";

    /// <summary>A Perl loop, registered with Debian's real Sys::Virt in a perl process of its own.</summary>
    public const string Perl = "perl";

    /// <summary>A Python loop, registered with Debian's real libvirt-python in a python3 process of its own.</summary>
    public const string Python = "python";
}
