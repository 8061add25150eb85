namespace ConformanceKit.Tests.Bridge;

/// <summary>Finds adapter processes by a path on their command line (a test's own copy of its
/// loops), to show that none outlives a run.</summary>
internal static class BridgeProcesses
{
    public static List<string> Naming(string path) =>
        [.. Directory.GetDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _))
            .Where(p =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(p, "cmdline")).Contains(path, StringComparison.Ordinal);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return false; // gone meanwhile, or not ours to read
                }
            })];
}
