using ConformanceKit.Native;

namespace ConformanceKit.FakeLibvirt.Fds;

/// <summary>Counts this process's open fds (<c>/proc/self/fd</c>): LIFE-4's measure inside a run,
/// and the harness's leak check after each unit. Read with readdir alone
/// (<see cref="DirectoryNames"/>): .NET's enumeration stats each entry, a millisecond per unit.</summary>
public static class ProcessFds
{
    private const string Folder = "/proc/self/fd";

    /// <summary>The numbers of the open fds (empty where /proc cannot be read). The directory's
    /// own fd, open while it is read, is among them, as it is in <see cref="Count"/>.</summary>
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

    /// <summary>The number of open fds, or -1 where /proc cannot be read.</summary>
    public static int Count() => DirectoryNames.Read(Folder)?.Count ?? -1;
}
