using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Isolation;

namespace ConformanceKit.Tests.Isolation;

/// <summary>How many jobs a certification's deterministic units get (<see cref="ParallelExecutor.JobsFor"/>):
/// the default never picks the slower way, an explicit <c>--jobs</c> is honoured.</summary>
public sealed class JobCountTests
{
    private static readonly CertifyOptions InProcess = new("reference", Runs: 20000, Tier: TierChoice.Deterministic);
    private static readonly CertifyOptions Isolated = InProcess with { IsolationWorker = "worker.dll" };

    [Fact]
    public void ByDefault_ALoopRunHere_KeepsOneJob_HoweverManyUnits() =>
        Assert.Equal(1, ParallelExecutor.JobsFor(InProcess with { Jobs = 2, JobsByDefault = true }, 20000));

    [Theory]
    [InlineData(20000, 2)]
    [InlineData(5000, 2)]
    [InlineData(4999, 1)] // each job would get fewer than DefaultUnitsPerJob
    [InlineData(500, 1)]
    public void ByDefault_AnIsolatedLoop_GetsTheCores_WhenEachHasEnoughUnits(int units, int jobs) =>
        Assert.Equal(jobs, ParallelExecutor.JobsFor(Isolated with { Jobs = 2, JobsByDefault = true }, units));

    [Theory]
    [InlineData(2, 20000, 2)]
    [InlineData(4, 20, 2)] // no job under MinimumUnitsPerJob
    [InlineData(2, 15, 1)]
    [InlineData(1, 20000, 1)]
    public void Asked_JobsAreWhatWasAsked_InProcessToo(int asked, int units, int jobs) =>
        Assert.Equal(jobs, ParallelExecutor.JobsFor(InProcess with { Jobs = asked }, units));
}
