using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Tests.Mutants;

/// <summary>Every single-bug mutant of the deterministic tier is convicted of the rules it breaks,
/// on every seed, with a short counterexample; the reference loop is convicted of nothing.</summary>
public sealed class MutantConvictionTests
{
    /// <summary>Shrunk counterexamples of a mutant's own rules are at most this long (issue 4).</summary>
    private const int MaxCounterexampleSteps = 6;

    [Theory]
    [MemberData(nameof(MutantRuns.InProcessNames), MemberType = typeof(MutantRuns))]
    public void Convicted(string mutant)
    {
        var expected = MutantRuns.Get(mutant).Rules;
        foreach (ulong seed in MutantRuns.Seeds)
        {
            var r = MutantRuns.Certify(mutant, seed);
            Assert.False(r.Certified && expected.Any(id => RuleLevelOf(r, id) == Harness.Rules.RuleLevel.Must),
                $"{mutant}, seed {seed}: certified although it breaks a MUST rule ({MutantRuns.Table(r)})");
            foreach (var id in expected)
            {
                var rule = r.Rules.Single(x => x.Rule.Id == id);
                Assert.True(MutantRuns.Failing(rule.Verdict),
                    $"{mutant}, seed {seed}: {id} is {VerdictText.Of(rule.Verdict)}, expected fail/non-strict; failing: {MutantRuns.Table(r)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(MutantRuns.InProcessNames), MemberType = typeof(MutantRuns))]
    public void CounterexampleIsShort(string mutant)
    {
        foreach (ulong seed in MutantRuns.Seeds)
        {
            var r = MutantRuns.Certify(mutant, seed);
            foreach (var id in MutantRuns.Get(mutant).Rules)
            {
                var cx = r.Rules.Single(x => x.Rule.Id == id).Counterexample;
                Assert.True(cx is not null, $"{mutant}, seed {seed}: {id} has no counterexample");
                Assert.True(cx.Size <= MaxCounterexampleSteps,
                    $"{mutant}, seed {seed}: the {id} counterexample has {cx.Size} steps (from {cx.OriginalSize}):\n{string.Join('\n', cx.Story)}");
            }
        }
    }

    [Fact]
    public void ReferenceLoop_FailsNothing()
    {
        foreach (ulong seed in MutantRuns.Seeds)
        {
            var r = MutantRuns.Certify("reference", seed);
            var bad = r.Rules.Where(x => MutantRuns.Failing(x.Verdict) || x.Verdict == Verdict.Hang).ToList();
            Assert.True(bad.Count == 0, $"reference, seed {seed}: {MutantRuns.Table(r)}");
            Assert.True(r.Certified);
            Assert.Empty(r.HungRuns);
            Assert.Empty(r.CrashedRuns);
        }
    }

    private static Harness.Rules.RuleLevel RuleLevelOf(CertificationResult r, string id) => r.Rules.Single(x => x.Rule.Id == id).Rule.Level;
}
