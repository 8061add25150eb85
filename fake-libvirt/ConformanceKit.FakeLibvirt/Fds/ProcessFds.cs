using ConformanceKit.Native;

namespace ConformanceKit.FakeLibvirt.Fds;

/// <summary>This process's open fds: their numbers (<c>/proc/self/fd</c>), LIFE-4's measure inside a
/// run, and their count, the harness's leak check after each unit.</summary>
/// <remarks>The numbers are read with readdir alone (<see cref="DirectoryNames"/>): .NET's
/// enumeration stats each entry, a millisecond per unit. The count is one poll over the fd table
/// (<see cref="OpenFdCount"/>), a third of the cost of a listing.</remarks>
public static class ProcessFds
{
    private const string Folder = "/proc/self/fd";

    /// <summary>The numbers of the open fds (empty where /proc cannot be read). The directory's
    /// own fd, open while it is read, is among them.</summary>
    public static System.Collections.Immutable.ImmutableArray<int> OpenNumbers()
    {
        var numbers = new List<int>();
        foreach (string name in DirectoryNames.Read(Folder) ?? [])
        {
            if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int fd))
            {
                numbers.Add(fd);
            }
        }

        numbers.Sort();
        return [.. numbers];
    }

    /// <summary>The number of open fds, or -1 where /proc cannot be read. Only a difference of two
    /// counts means anything (a listing would count its own fd too).</summary>
    public static int Count() => OpenFdCount.Now() is var n and >= 0 ? n : DirectoryNames.Read(Folder)?.Count ?? -1;
}
