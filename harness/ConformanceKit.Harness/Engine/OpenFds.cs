using ConformanceKit.FakeLibvirt.Fds;

namespace ConformanceKit.Harness.Engine;

/// <summary>Counts this process's open fds, to find leaks after a unit (see <see cref="ProcessFds"/>).</summary>
public static class OpenFds
{
    public static int Count() => ProcessFds.Count();
}
