namespace ConformanceKit.Harness.Engine;

/// <summary>Counts this process's open fds (<c>/proc/self/fd</c>), to find leaks after a unit.</summary>
public static class OpenFds
{
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
    }
}
