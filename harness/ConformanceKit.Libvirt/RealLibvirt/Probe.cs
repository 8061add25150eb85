using ConformanceKit.Libvirt.Interop;

namespace ConformanceKit.Libvirt;

/// <summary>One connection attempt, for the child command <c>connect URI</c>: the tests run it as
/// another user to see a private daemon refuse them.</summary>
internal static class Probe
{
    /// <summary>Opens and closes <paramref name="uri"/>; prints "connected" (exit 0) or libvirt's
    /// error in one line (exit 1).</summary>
    public static int Connect(string uri, TextWriter output)
    {
        LibvirtAvailability.Require();
        Virt.Quiet();
        nint conn = Virt.ConnectOpen(uri);
        if (conn == 0)
        {
            output.WriteLine($"refused: {Virt.LastError()}");
            return 1;
        }

        Virt.ConnectClose(conn);
        output.WriteLine("connected");
        return 0;
    }
}
