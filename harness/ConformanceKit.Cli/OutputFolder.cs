using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Cli;

/// <summary>Checks an output folder up front, so an unwritable <c>--out</c> is bad input (exit 2)
/// before any work is done, not a harness failure after it.</summary>
internal static class OutputFolder
{
    public static void EnsureWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new BadInputException($"cannot write to --out {dir}: {e.Message.Split('\n')[0]}");
        }
    }
}
