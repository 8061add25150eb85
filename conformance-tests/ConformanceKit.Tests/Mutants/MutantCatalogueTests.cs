using ConformanceKit.Harness.Mutants;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Mutants;

/// <summary>The catalogue holds the mutants of issue 4 under their names, flagged right, and
/// between them they break every MUST and SHOULD rule of the contract.</summary>
public sealed class MutantCatalogueTests
{
    /// <summary>Issue 4's table, plus the crash mutant and contract version 2's three; name and expected rules.</summary>
    private static readonly Dictionary<string, string[]> Issue = new()
    {
        ["ff-inside-remove"] = ["FREE-3"],
        ["ff-never"] = ["FREE-2"],
        ["ff-twice"] = ["FREE-2"],
        ["ff-inside-callback"] = ["FREE-4"],
        ["ff-late"] = ["FREE-6"],
        ["ff-skipped-when-disabled"] = ["FREE-7"],
        ["null-ff-crash"] = ["FREE-8"],
        ["removed-still-dispatched"] = ["FREE-1"],
        ["writable-ignored"] = ["HANDLE-1"],
        ["no-hangup-unless-asked"] = ["HANDLE-3"],
        ["no-error-unless-asked"] = ["HANDLE-3"],
        ["unrequested-bits"] = ["HANDLE-2"],
        ["edge-triggered"] = ["HANDLE-5"],
        ["update-ors-mask"] = ["HANDLE-6"],
        ["update-ignored"] = ["HANDLE-6"],
        ["wrong-opaque"] = ["HANDLE-7"],
        ["wrong-fd"] = ["HANDLE-7"],
        ["same-fd-clobbers"] = ["HANDLE-8"],
        ["ids-from-zero"] = ["IDS-1", "IDS-2"],
        ["ids-reused"] = ["IDS-4"],
        ["shared-id-collision"] = ["IDS-3"],
        ["remove-unknown-ok"] = ["IDS-5"],
        ["remove-twice-ok"] = ["IDS-5"],
        ["update-unknown-throws"] = ["IDS-6"],
        ["update-rearms-removed"] = ["IDS-6"],
        ["failed-add-calls-back"] = ["IDS-7"],
        ["timer-disabled-fires"] = ["TIMER-1"],
        ["timer-zero-once"] = ["TIMER-2"],
        ["timer-early"] = ["TIMER-3"],
        ["timer-catch-up"] = ["TIMER-4"],
        ["timer-update-ignored"] = ["TIMER-5"],
        ["timer-update-no-restart"] = ["TIMER-6"],
        ["timer-wrong-opaque"] = ["TIMER-7"],
        ["timer-overflow"] = ["TIMER-9"],
        ["dispatch-while-mutating"] = ["REENTRY-1"],
        ["added-in-callback-lost"] = ["REENTRY-2"],
        ["nested-dispatch"] = ["REENTRY-3"],
        ["callbacks-on-threadpool"] = ["REENTRY-4"],
        ["ff-under-lock"] = ["FREE-5"],
        ["no-wakeup"] = ["THREAD-2"],
        ["unsafe-registry"] = ["THREAD-1"],
        ["dispatch-after-remove-returns"] = ["THREAD-3"],
        ["closes-fd-on-remove"] = ["HANDLE-10"],
        ["closes-fds-at-dispose"] = ["HANDLE-10"],
        ["fd-per-add"] = ["LIFE-4"],
        ["hang"] = [],
        ["crash"] = [],
    };

    private static readonly string[] ThreadedOnes = ["ff-under-lock", "no-wakeup", "unsafe-registry", "dispatch-after-remove-returns"];

    [Fact]
    public void EveryMutantOfTheIssue_IsListed_WithItsRules()
    {
        foreach (var (name, rules) in Issue)
        {
            var m = MutantCatalogue.Find(name);
            Assert.True(m is not null, $"mutant {name} is missing");
            Assert.Equal(rules, m.Rules.ToArray());
            Assert.False(string.IsNullOrWhiteSpace(m.Description));
            Assert.All(m.Rules, id => Assert.NotNull(RuleCatalogue.Find(id)));
        }

        Assert.Equal(Issue.Keys.Order(StringComparer.Ordinal), MutantCatalogue.All.Select(m => m.Name));
    }

    [Fact]
    public void ThreadMutants_AreThreaded_AndOnlyCrashIsIsolated()
    {
        Assert.Equal(ThreadedOnes.Order(StringComparer.Ordinal), MutantCatalogue.All.Where(m => m.Threaded).Select(m => m.Name));
        Assert.Equal(["crash"], MutantCatalogue.All.Where(m => m.Isolated).Select(m => m.Name));
        Assert.DoesNotContain(MutantRuns.InProcess, m => m.Isolated || m.Threaded || m.Name == "hang");
    }

    [Fact]
    public void EveryMutant_CanBeMadeAndDisposed()
    {
        foreach (var m in MutantCatalogue.All)
        {
            using var loop = m.Create(TimeProvider.System);
            Assert.NotNull(loop);
        }
    }

    [Fact]
    public void EveryMustAndShouldRule_IsTheExpectedRuleOfSomeMutant()
    {
        var covered = MutantCatalogue.All.SelectMany(m => m.Rules).ToHashSet();
        var uncovered = RuleCatalogue.All.Where(r => r.Level is RuleLevel.Must or RuleLevel.Should && !covered.Contains(r.Id)).Select(r => r.Id).ToList();
        Assert.True(uncovered.Count == 0, "no mutant breaks " + string.Join(", ", uncovered));
    }
}
