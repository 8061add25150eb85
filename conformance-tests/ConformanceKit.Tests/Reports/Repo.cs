namespace ConformanceKit.Tests.Reports;

/// <summary>Where the repository and the test output are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>TestResults/ at the repository root (what run-tests.sh collects), for files a person
    /// should be able to look at after a run, such as screenshots.</summary>
    public static string TestResults => Path.Combine(Root, "TestResults");

    public static string NewTempDir(string prefix)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ck-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ConformanceKit.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("ConformanceKit.sln not found above the test folder");
    }
}
