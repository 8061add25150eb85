using System.Reflection;
using ConformanceKit.Harness.Certification;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Mutants;
using ConformanceKit.Specification;
using Xunit.Sdk;

namespace ConformanceKit.Tests.Specification;

/// <summary>The specification class convicts a mutant: the failing test is the one named by the
/// mutant's rule id, and it fails with the counterexample's story.</summary>
public sealed class MutantSpecificationTests
{
    [Fact]
    public void FfInsideRemove_FailsTheFree3Test_WithTheStory()
    {
        var spec = new MutantSpecification("ff-inside-remove");
        var failures = RunAll(spec);

        var free3 = Assert.Single(failures, f => f.Method.StartsWith("FREE_3_", StringComparison.Ordinal));
        Assert.Contains("FREE-3 failed on", free3.Message, StringComparison.Ordinal);
        Assert.Contains("<-- FREE-3", free3.Message, StringComparison.Ordinal);
        Assert.Contains("replay:   conformancekit replay /", free3.Message, StringComparison.Ordinal); // the installed tool, an absolute path

        // Every failing test is named by a rule that certify also fails for this mutant, and the
        // mutant's own rule is among them.
        var certified = new Certifier(MutantCatalogue.Find("ff-inside-remove")!.Create, TimeProvider.System)
            .Run(new CertifyOptions("mutant:ff-inside-remove", Runs: 40, Tier: TierChoice.Deterministic));
        var failingRules = certified.Rules.Where(r => r.Verdict is Verdict.Fail or Verdict.Crash or Verdict.Hang).Select(r => r.Rule.Id).ToHashSet();
        Assert.Contains("FREE-3", failingRules);
        Assert.All(failures, f => Assert.Contains(RuleIdOf(f.Method), failingRules));
    }

    [Fact]
    public void AcceptedDeviation_ThatTheLoopMeets_Fails()
    {
        var spec = new MutantSpecification("ff-inside-remove", accepted: "IDS-4");
        var e = Assert.Throws<TargetInvocationException>(() => Method("IDS_4_").Invoke(spec, null));
        Assert.IsAssignableFrom<XunitException>(e.InnerException);
        Assert.Contains("remove it from the list", e.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShouldDeviation_NotAccepted_Fails_Accepted_IsSkippedWithTheStory()
    {
        var failing = Assert.Throws<TargetInvocationException>(() => Method("FREE_6_").Invoke(new MutantSpecification("ff-late"), null));
        Assert.IsAssignableFrom<XunitException>(failing.InnerException);
        Assert.Contains("AcceptedDeviations", failing.InnerException!.Message, StringComparison.Ordinal);

        var skipped = Assert.Throws<TargetInvocationException>(() => Method("FREE_6_").Invoke(new MutantSpecification("ff-late", accepted: "FREE-6"), null));
        Assert.IsType<Xunit.SkipException>(skipped.InnerException);
        Assert.StartsWith("accepted deviation", skipped.InnerException!.Message, StringComparison.Ordinal);
        Assert.Contains("<-- FREE-6", skipped.InnerException.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRuleOfTheCatalogue_HasItsOwnTest_NamedByItsId()
    {
        var names = TestMethods().Select(m => m.Name).ToList();
        foreach (var rule in Harness.Rules.RuleCatalogue.All)
        {
            Assert.Single(names, n => n.StartsWith(rule.Id.Replace('-', '_') + "_", StringComparison.Ordinal));
        }

        Assert.Equal(Harness.Rules.RuleCatalogue.All.Length, names.Count);
    }

    private static string RuleIdOf(string method)
    {
        var parts = method.Split('_');
        return $"{parts[0]}-{parts[1]}";
    }

    private static IEnumerable<MethodInfo> TestMethods() =>
        typeof(EventImplSpecificationTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<SkippableFactAttribute>() is not null);

    private static MethodInfo Method(string prefix) => TestMethods().Single(m => m.Name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Runs every deterministic rule's test the way a runner would; returns the failures
    /// (skips are not failures).</summary>
    private static List<(string Method, string Message)> RunAll(EventImplSpecificationTests spec)
    {
        var failures = new List<(string, string)>();
        foreach (var m in TestMethods())
        {
            try
            {
                m.Invoke(spec, null);
            }
            catch (TargetInvocationException e) when (e.InnerException is XunitException x)
            {
                failures.Add((m.Name, x.Message));
            }
            catch (TargetInvocationException e) when (e.InnerException is Xunit.SkipException)
            {
            }
        }

        return failures;
    }

    /// <summary>A subclass for one mutant; internal, so the test runner does not collect it.</summary>
    private sealed class MutantSpecification(string mutant, string? accepted = null) : EventImplSpecificationTests
    {
        protected override EventImpl CreateLoop(TimeProvider time) => MutantCatalogue.Find(mutant)!.Create(time);

        protected override IReadOnlySet<string> AcceptedDeviations { get; } = accepted is null ? new HashSet<string>() : new HashSet<string> { accepted };

        protected override string LoopName => "mutant:" + mutant;

        protected override int GeneratedRuns => 40;
    }
}
