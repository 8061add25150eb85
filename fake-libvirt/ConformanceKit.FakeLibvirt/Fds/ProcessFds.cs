namespace ConformanceKit.FakeLibvirt.Fds;

/// <summary>Counts this process's open fds (<c>/proc/self/fd</c>): LIFE-4's measure inside a run,
/// and the harness's leak check after each unit.</summary>
public static class ProcessFds
{
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
