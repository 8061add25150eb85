using System.Text.RegularExpressions;

namespace ConformanceKit.Tests.Cli;

/// <summary>The console, like every report format, sets the loop's choice beside the reference's
/// under each rule whose outcome the contract leaves open (issue 15, item 2).</summary>
public sealed class ConsoleAlongsideTests
{
    [Fact]
    public void UnderAChoosingRule_TheConsoleShowsTheLoopsChoiceBesideTheReferences()
    {
        string dir = Directory.CreateTempSubdirectory("ck-console-alongside-").FullName;
        try
        {
            var (exit, output, err) = Tool.Run("certify", "--loop", "reference", "--tier", "deterministic", "--runs", "30", "--format", "json", "--out", dir);
            Assert.True(exit == 0, err);
            string[] lines = output.Split('\n');
            int handle9 = Array.FindIndex(lines, l => l.StartsWith("HANDLE-9 ", StringComparison.Ordinal));
            Assert.True(handle9 >= 0, output);
            Assert.Matches(new Regex(@"^ {18}loop: .+; reference: .+; the same in all \d+ runs where both chose$"), lines[handle9 + 1]);
            // A rule that allows one outcome has no such line.
            int handle1 = Array.FindIndex(lines, l => l.StartsWith("HANDLE-1 ", StringComparison.Ordinal));
            Assert.StartsWith("HANDLE-2 ", lines[handle1 + 1], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
