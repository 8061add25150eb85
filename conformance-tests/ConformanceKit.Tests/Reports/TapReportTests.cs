using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;
using ConformanceKit.Reports;

namespace ConformanceKit.Tests.Reports;

/// <summary>report.tap: a TAP version 13 stream with one test per rule in catalogue order and a
/// closing test for the certification; a MUST failure is not ok with its story, a remark is
/// not ok TODO, not-run is ok SKIP with its reason, INFO is ok with what it observed.</summary>
[Collection(ReportsCollection.Name)]
public sealed class TapReportTests
{
    private static IReadOnlyList<TapTest> Tests(ReportRuns.Written w) => TapTest.Parse(File.ReadAllText(w.File(TapReport.FileName)));

    private static TapTest Of(IReadOnlyList<TapTest> tests, string ruleId) => tests.Single(t => t.Description.StartsWith(ruleId + " ", StringComparison.Ordinal));

    [Fact]
    public void Tap_PlansOneTestPerRuleInCatalogueOrder_ThenTheCertification()
    {
        foreach (var w in new[] { ReportRuns.Ref, ReportRuns.Ff })
        {
            var tests = Tests(w);
            Assert.Equal(RuleCatalogue.All.Length + 1, TapTest.Plan(File.ReadAllText(w.File(TapReport.FileName))));
            Assert.Equal(Enumerable.Range(1, RuleCatalogue.All.Length + 1), tests.Select(t => t.Number));
            Assert.Equal(RuleCatalogue.All.Select(r => $"{r.Id} {VerdictText.Of(r.Level)}: {r.Sentence}"), tests.SkipLast(1).Select(t => t.Description));
            Assert.Equal($"certification of {w.Result.Loop}: {ResultFacts.Outcome(w.Result)}", tests[^1].Description);
        }

        Assert.All(Tests(ReportRuns.Ref), t => Assert.True(t.Ok, $"not ok: {t.Description}"));
    }

    [Fact]
    public void MustFailure_IsNotOk_WithItsStoryAndReplayCommand_AndTheCertificationFails()
    {
        var tests = Tests(ReportRuns.Ff);
        var free3 = Of(tests, "FREE-3");
        Assert.False(free3.Ok);
        Assert.Null(free3.Directive);
        Assert.Equal("fail: " + ResultFacts.Note(ReportRuns.Ff.Result.Rules.Single(x => x.Rule.Id == "FREE-3")), free3.Diagnostics[0]);
        Assert.Contains(free3.Diagnostics, d => d.StartsWith("  ", StringComparison.Ordinal) && d.Contains("<-- FREE-3", StringComparison.Ordinal));
        Assert.Contains("  replay:   " + ResultFacts.ReplayCommand(ReportRuns.Ff.Dir, "FREE-3"), free3.Diagnostics);
        Assert.False(tests[^1].Ok);
        Assert.Equal("NOT CERTIFIED", tests[^1].Description.Split(": ")[^1]);
    }

    [Fact]
    public void ShouldRemark_IsNotOkTodo_WithItsNote_AndTheLoopIsStillCertified()
    {
        var tests = Tests(ReportRuns.Late);
        var free6 = Of(tests, "FREE-6");
        Assert.False(free6.Ok);
        Assert.Equal("TODO", free6.Directive);
        Assert.Equal(ResultFacts.Note(ReportRuns.Late.Result.Rules.Single(x => x.Rule.Id == "FREE-6")), free6.Reason);
        Assert.Contains(free6.Diagnostics, d => d.Contains("<-- FREE-6", StringComparison.Ordinal));
        Assert.All(tests, t => Assert.True(t.Ok || t.Directive == "TODO", $"not ok without TODO: {t.Description}"));
        Assert.True(tests[^1].Ok);
    }

    [Fact]
    public void NotRun_IsOkSkip_WithTheReason()
    {
        var tests = Tests(ReportRuns.Ff); // deterministic tier: the threaded rules are not run
        foreach (var id in new[] { "THREAD-1", "FREE-5" })
        {
            var t = Of(tests, id);
            Assert.True(t.Ok);
            Assert.Equal("SKIP", t.Directive);
            Assert.Equal("threaded tier not run", t.Reason);
        }
    }

    [Fact]
    public void Info_IsOk_WithWhatItObservedAsDiagnostics()
    {
        var life2 = Of(Tests(ReportRuns.Ref), "LIFE-2");
        Assert.True(life2.Ok);
        Assert.Null(life2.Directive);
        var rule = ReportRuns.Ref.Result.Rules.Single(x => x.Rule.Id == "LIFE-2");
        Assert.NotEmpty(rule.Observations);
        // Then the loop's choice beside the reference loop's.
        Assert.Equal([.. rule.Observations.Select(o => "observed: " + o), "beside the reference: " + ResultFacts.Alongside(rule)], life2.Diagnostics);
    }

    [Fact]
    public void StoppedRun_FailsTheClosingTest()
    {
        var tests = Tests(ReportRuns.Stopped);
        Assert.All(tests.SkipLast(1), t => Assert.True(t.Ok, t.Description));
        Assert.False(tests[^1].Ok);
        Assert.EndsWith(": INCOMPLETE", tests[^1].Description, StringComparison.Ordinal);
    }

    /// <summary>prove fails exactly when the tool says not certified: a crash or hang counts
    /// against a MUST rule only, and a remark never does.</summary>
    [Theory]
    [InlineData("FREE-3", Verdict.Hang, false)]
    [InlineData("FREE-3", Verdict.Crash, false)]
    [InlineData("FREE-3", Verdict.NonStrict, true)]
    [InlineData("IDS-4", Verdict.Crash, true)]
    [InlineData("IDS-4", Verdict.Hang, true)]
    [InlineData("LIFE-2", Verdict.Crash, true)]
    public void Problem_IsNotOk_AndTodoExactlyWhenTheLoopIsStillCertified(string ruleId, Verdict verdict, bool certified)
    {
        var r = ReportRuns.Ref.Result;
        int i = r.Rules.IndexOf(r.Rules.Single(x => x.Rule.Id == ruleId));
        var changed = r with { Rules = r.Rules.SetItem(i, r.Rules[i] with { Verdict = verdict }) };
        Assert.Equal(certified, ResultFacts.Certified(changed));

        var tests = TapTest.Parse(TapReport.Render(changed));
        var t = tests[i];
        Assert.False(t.Ok);
        Assert.Equal(certified ? "TODO" : null, t.Directive);
        Assert.Equal(certified, tests[^1].Ok);
        Assert.StartsWith(VerdictText.Of(verdict) + ":", t.Diagnostics[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptions_EscapeHash_AndEveryLineStaysOneLine()
    {
        var r = ReportRuns.Ref.Result with { Loop = "assembly:./my#loop\\x\n.dll" };
        string tap = TapReport.Render(r);
        var tests = TapTest.Parse(tap); // fails on a line that is not TAP, an unescaped # included
        Assert.Equal(RuleCatalogue.All.Length + 1, tests.Count);
        Assert.Equal(@"certification of assembly:./my\#loop\\x .dll: CERTIFIED", tests[^1].Description);
        Assert.Null(tests[^1].Directive);
    }
}
