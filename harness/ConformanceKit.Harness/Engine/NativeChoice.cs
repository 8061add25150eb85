namespace ConformanceKit.Harness.Engine;

/// <summary>Which native cases a <c>--tier native</c> run makes (<c>--native-cases</c>): the
/// in-process sessions (<c>test:///default</c>), the remote ones that start a private libvirtd of
/// their own, or both. A machine without libvirtd can leave the remote ones out instead of reporting
/// them not-run.</summary>
public enum NativeChoice
{
    /// <summary>Every native case (the default).</summary>
    All,

    /// <summary>Only the sessions with libvirt's in-process test driver.</summary>
    InProcess,

    /// <summary>Only the sessions with a private libvirtd.</summary>
    Remote,
}
