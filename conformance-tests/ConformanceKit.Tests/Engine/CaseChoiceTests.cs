using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;
using ConformanceKit.Reference;

namespace ConformanceKit.Tests.Engine;

/// <summary><c>--cases named|generated|all</c> (issue 15): the generator's findings can be measured
/// on their own, with the same origins and traces as in a whole run.</summary>
public sealed class CaseChoiceTests
{
    [Fact]
    public void Generated_RunsNoNamedCase_AndEachRunKeepsItsOrigin()
    {
        var all = WorkPlan.For(new CertifyOptions("reference", Runs: 5, Tier: TierChoice.Deterministic));
        var generated = WorkPlan.For(new CertifyOptions("reference", Runs: 5, Tier: TierChoice.Deterministic, Cases: CaseChoice.Generated));
        var named = WorkPlan.For(new CertifyOptions("reference", Runs: 5, Tier: TierChoice.Deterministic, Cases: CaseChoice.Named));
        Assert.All(generated, u => Assert.IsType<GeneratedUnit>(u.Case));
        Assert.Equal(all.Where(u => u.Case.Generated).Select(u => u.Origin), generated.Select(u => u.Origin));
        Assert.Equal(NamedCases.All.Length, named.Length);
        Assert.All(named, u => Assert.IsType<NamedUnit>(u.Case));
    }

    [Fact]
    public void Generated_GivesTheSameRunHashesAsAWholeRun()
    {
        var whole = new Certifier(t => new ReferenceEventLoop(t), TimeProvider.System).Run(new CertifyOptions("reference", Runs: 10, Tier: TierChoice.Deterministic));
        var alone = new Certifier(t => new ReferenceEventLoop(t), TimeProvider.System).Run(new CertifyOptions("reference", Runs: 10, Tier: TierChoice.Deterministic, Cases: CaseChoice.Generated));
        Assert.Empty(alone.Cases);
        Assert.Equal(10, alone.GeneratedRuns);
        Assert.Equal(whole.RunHashes.Where(h => h.Origin >= NamedCases.All.Length), alone.RunHashes);
    }

    [Fact]
    public void Generated_Alone_ConvictsAMutantTheGeneratorFinds()
    {
        // ff-inside-callback is the mutant the named cases do not convict (docs/mutants.md): the
        // generated runs alone must.
        var m = MutantCatalogue.Find("ff-inside-callback")!;
        var r = new Certifier(m.Create, TimeProvider.System).Run(new CertifyOptions("mutant:ff-inside-callback", Seed: 1, Runs: 100, Tier: TierChoice.Deterministic, Cases: CaseChoice.Generated));
        Assert.Empty(r.Cases);
        Assert.Contains(r.Rules, x => m.Rules.Contains(x.Rule.Id) && x.Verdict is Verdict.Fail or Verdict.NonStrict);
    }
}
