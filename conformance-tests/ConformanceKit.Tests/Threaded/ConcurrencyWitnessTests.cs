using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Tests.Threaded;

/// <summary>A threaded check counts only when the concurrency it is about happened: a clean THREAD-1
/// schedule in which no two adds were in flight at once, or a REENTRY-3/4 observation with no
/// callback at all, proves nothing and is not counted as a pass.</summary>
public sealed class ConcurrencyWitnessTests
{
    private static Judgement Judge(string rule, Fact fact) => RuleCatalogue.Find(rule)!.Judge(fact);

    private static ChurnObserved Churn(int overlapping, int duplicates = 0) =>
        new(0, 0, Schedule: 1, Threads: 4, Adds: 500, OverlappingAdds: overlapping, DuplicateLiveIds: duplicates, FailedAdds: 0, FailedRemoves: 0, FfMissing: 0, FfTwice: 0);

    [Fact]
    public void Thread1_ACleanScheduleCountsOnlyWhenAddsOverlapped()
    {
        Assert.Equal(Judgement.Skip, Judge("THREAD-1", Churn(overlapping: 0)));
        Assert.Equal(Judgement.Pass, Judge("THREAD-1", Churn(overlapping: 37)));
    }

    [Fact]
    public void Thread1_ALostRegistrationIsAViolationWhateverTheOverlap()
    {
        var j = Judge("THREAD-1", Churn(overlapping: 0, duplicates: 2));
        Assert.True(j.Applies);
        Assert.NotNull(j.Finding);
        Assert.Contains("2 duplicate live ids", j.Finding!.Actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("REENTRY-3")]
    [InlineData("REENTRY-4")]
    public void Reentry_NoCallbackObservedIsNotAPass(string rule)
    {
        Assert.Equal(Judgement.Skip, Judge(rule, new ConcurrencyObserved(0, 0, 1, Callbacks: 0, MaxConcurrent: 0, OffLoopThread: 0)));
        Assert.Equal(Judgement.Pass, Judge(rule, new ConcurrencyObserved(0, 0, 1, Callbacks: 12, MaxConcurrent: 1, OffLoopThread: 0)));
    }

    [Fact]
    public void RoundGate_GivesEveryThreadTheSameRoundsAndStopsWhenTold()
    {
        const int threads = 4;
        int decided = 0;
        var gate = new RoundGate(threads, TimeSpan.FromSeconds(10), () => ++decided <= 25);
        int[] rounds = new int[threads];
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            while (gate.Arrive())
            {
                rounds[i]++;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromSeconds(20))));
        Assert.All(rounds, r => Assert.Equal(25, r));
        Assert.Equal(26, decided);
    }

    [Fact]
    public void RoundGate_GivesUpWhenAThreadNeverArrives()
    {
        var gate = new RoundGate(2, TimeSpan.FromMilliseconds(50), () => true);
        Assert.False(gate.Arrive());
    }
}
