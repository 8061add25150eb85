namespace ConformanceKit.FakeLibvirt.Fds;

/// <summary>Counts this process's open fds (<c>/proc/self/fd</c>): LIFE-4's measure inside a run,
/// and the harness's leak check after each unit.</summary>
public static class ProcessFds
{
    /// <summary>The numbers of the open fds (empty where /proc cannot be read).</summary>
    public static System.Collections.Immutable.ImmutableArray<int> OpenNumbers()
    {
        try
        {
            var numbers = new List<int>();
            foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                if (int.TryParse(Path.GetFileName(entry), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int fd))
                {
                    numbers.Add(fd);
                }
            }

            numbers.Sort();
            return [.. numbers];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The number of open fds, or -1 where /proc cannot be read.</summary>
    public static int Count()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
