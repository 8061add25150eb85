using System.Text.RegularExpressions;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;
using ConformanceKit.Reports;
using ConformanceKit.Tests.Reports;

namespace ConformanceKit.Tests.Engine;

/// <summary>Stories say what happened, in one numbering, an iteration per line, with the verdict
/// they are about (issue 16, item 6).</summary>
public sealed partial class StoryTests
{
    private static Counterexample Story(string mutant, string rule, params Step[] steps)
    {
        var m = MutantCatalogue.Find(mutant)!;
        var o = new CertifyOptions("mutant:" + mutant, Runs: 0, Tier: TierChoice.Deterministic, RuleIds: [rule]);
        var r = new Certifier(m.Create, TimeProvider.System).Run(o);
        return r.Rules.Single(x => x.Rule.Id == rule).Counterexample
            ?? throw new InvalidOperationException($"{mutant}: no {rule} counterexample");
    }

    /// <summary>The story's step lines name registrations as the notes do (r1, r2, ...), never by
    /// the script's position (#0), and never as r0 (which names nothing).</summary>
    [Fact]
    public void Registrations_AreNumberedOneWay()
    {
        var cx = Story("ff-inside-remove", "FREE-3");
        string steps = string.Join("\n", cx.Story.Skip(1).TakeWhile(l => !l.StartsWith("expected:", StringComparison.Ordinal)));
        Assert.Contains("r1", steps, StringComparison.Ordinal);
        Assert.DoesNotMatch(Positional(), steps);
        Assert.DoesNotMatch(NoOne(), steps);
        Assert.Matches(@"remove_(handle\(watch|timeout\(timer) r1\)", steps);
    }

    /// <summary>Iterations of the settling phase are shown apart: one line each, so a callback in
    /// one iteration is not read as the answer to a miss in another.</summary>
    [Fact]
    public void Iterations_AreShownApart()
    {
        // ff-late's ff comes ten iterations after the removal: the settle runs iterations.
        var cx = Story("ff-late", "FREE-6");
        Assert.All(cx.Story, l => Assert.True(Called().Matches(l).Count <= 1, "two iterations' callbacks on one line:\n" + string.Join("\n", cx.Story)));
        Assert.Contains(cx.Story, l => IterationLine().IsMatch(l));
    }

    [Fact]
    public void TheMarkedIteration_IsTheOneThatMissed()
    {
        var cx = Story("no-hangup-unless-asked", "HANDLE-3");
        string marked = Assert.Single(cx.Story, l => l.StartsWith("  >> ", StringComparison.Ordinal));
        Assert.Matches(IterationLine(), marked);
        Assert.DoesNotContain("called r1", marked, StringComparison.Ordinal);
    }

    /// <summary>A SHOULD not met is non-strict, and its story says so.</summary>
    [Fact]
    public void ANonStrictStory_SaysNonStrict()
    {
        var cx = Story("callbacks-on-threadpool", "REENTRY-4");
        Assert.StartsWith("REENTRY-4 non-strict on mutant:callbacks-on-threadpool", cx.Story[0], StringComparison.Ordinal);
        Assert.StartsWith("FREE-3 failed on", Story("ff-inside-remove", "FREE-3").Story[0], StringComparison.Ordinal);
    }

    /// <summary>A threaded counterexample has nothing to shrink: the report says where it was
    /// found, not "shrunk from 0 to 0 steps".</summary>
    [Fact]
    public void AThreadedCounterexample_IsNotSaidToBeShrunk()
    {
        var r = ReportRuns.Ff.Result;
        var threaded = r with
        {
            Rules = [.. r.Rules.Select(x => x.Counterexample is { } c
                ? x with { Counterexample = c with { Tier = Tier.Threaded, CaseId = "THREAD-1/concurrent-churn", Run = 3, OriginalSize = 0, Scenario = new Scenario([], []) } }
                : x)],
        };
        string html = HtmlReport.Render(threaded, ReportRuns.Ff.Dir);
        Assert.DoesNotContain("shrunk from 0 to 0", html, StringComparison.Ordinal);
        Assert.Contains("threaded case THREAD-1/concurrent-churn, schedule 3", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(watch|timer) #\d")]
    private static partial Regex Positional();

    [GeneratedRegex(@"\br0\b")]
    private static partial Regex NoOne();

    [GeneratedRegex(@"called r\d+ with")]
    private static partial Regex Called();

    [GeneratedRegex(@"^(  >> |     )\s*(iteration \d+|\d+\. run one iteration)")]
    private static partial Regex IterationLine();
}
