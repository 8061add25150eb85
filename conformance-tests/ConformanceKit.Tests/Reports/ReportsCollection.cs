namespace ConformanceKit.Tests.Reports;

/// <summary>The report tests run alone, not beside other test classes: a certification counts the
/// process's open fds around each run (LIFE-1's leak note), and fds opened by tests running
/// meanwhile would show up there, so two runs of the same work would not give the same report.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReportsCollection
{
    public const string Name = "reports (alone: fd counts)";
}
