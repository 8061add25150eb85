using ConformanceKit.Harness.Bridge;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Bridge;

/// <summary>Perl loops through the bridge (perl/TinyLoop.pm, Mutants.pm, Unusual.pm): the small
/// correct loop is certified, each mutant is convicted of its rule, loops written in unusual but
/// correct ways pass, and Sys::Virt's own mappings are judged as the binding makes them.</summary>
public sealed class PerlBridgeTests
{
    private static string Tiny => BridgeRuns.PerlSpec("TinyLoop.pm", "TinyLoop");

    // Every Perl mutant is convicted by a named case: a few generated runs keep the suite cheap.
    private static CertificationResult Mutant(string package) => BridgeRuns.Certify(BridgeRuns.PerlSpec("Mutants.pm", "Mutants::" + package));

    public static TheoryData<string, string> Mutants => new()
    {
        { "FfInsideRemove", "FREE-3" },
        { "HangupOnlyWhenAsked", "HANDLE-3" },
        { "ZeroFiresOnce", "TIMER-2" },
        { "IdsFromZero", "IDS-1" },
        { "IdsFromZero", "IDS-2" },
        { "RemoveReturnsOne", "IDS-5" },
        { "UpdateUnknownDies", "IDS-6" },
    };

    [Fact]
    public void TinyLoop_IsCertified_EveryMustRuleItCanBeJudgedOnPasses()
    {
        var r = BridgeRuns.Certify(Tiny);
        Assert.True(r.Certified, string.Join("; ", r.Rules.Where(x => x.Verdict != Verdict.Pass).Select(x => $"{x.Rule.Id} {x.Verdict}")));
        Assert.All(r.Rules.Where(x => x.Rule.Level == RuleLevel.Must && x.Judged), x => Assert.Equal(Verdict.Pass, x.Verdict));
        Assert.All(r.Rules.Where(x => BridgeLimits.NotJudged.ContainsKey(x.Rule.Id)), x => Assert.Equal(Verdict.NotRun, x.Verdict));
        Assert.Equal(BridgeLimits.PerlThreadedNotRun, r.Rules.Single(x => x.Rule.Id == "THREAD-1").NotRunReason);
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public void PerlMutant_IsConvictedOfItsRule_WhichTinyLoopKeeps(string mutant, string rule)
    {
        var r = Mutant(mutant);
        Assert.Equal(Verdict.Fail, r.Rules.Single(x => x.Rule.Id == rule).Verdict);
        Assert.False(r.Certified);
        Assert.Equal(Verdict.Pass, BridgeRuns.Certify(Tiny).Rules.Single(x => x.Rule.Id == rule).Verdict);
    }

    [Fact]
    public void RemoveReturningOne_IsChargedIds5Only_WithTheCaveatThatLibvirtNeverSawIt()
    {
        // Sys::Virt tells libvirt 0 whatever remove returned: the registration is gone for
        // libvirt, so its ff is due and nothing else breaks; only the value is wrong.
        var r = Mutant("RemoveReturnsOne");
        Assert.Equal(["IDS-5"], r.Rules.Where(x => x.Verdict == Verdict.Fail).Select(x => x.Rule.Id));
        var ids5 = r.Rules.Single(x => x.Rule.Id == "IDS-5");
        Assert.Equal(PerlLoops.Caveats["IDS-5"], ids5.Caveat);
        Assert.Contains("always tells libvirt 0", ConformanceKit.Reports.ResultFacts.Note(ids5), StringComparison.Ordinal);
        Assert.Contains("returned 1", ConformanceKit.Reports.ResultFacts.Note(ids5), StringComparison.Ordinal);
    }

    [Fact]
    public void TheIds5Caveat_IsInEveryReportFormat_AndSurvivesReadingTheReportBack()
    {
        // TinyLoop passes IDS-5: the caveat still says what the pass means under Sys::Virt.
        string dir = Directory.CreateTempSubdirectory("ck-perl-caveat-").FullName;
        ConformanceKit.Reports.ReportWriter.WriteAll(BridgeRuns.Certify(Tiny), dir);
        string caveat = PerlLoops.Caveats["IDS-5"];
        foreach (string file in new[] { "report.json", "junit.xml", "summary.md", "report.html", "report.tap" })
        {
            string text = File.ReadAllText(Path.Combine(dir, file));
            Assert.True(text.Contains(caveat, StringComparison.Ordinal) || System.Net.WebUtility.HtmlEncode(caveat) is var html && text.Contains(html, StringComparison.Ordinal), $"{file} does not carry the caveat");
        }

        Assert.Contains("# caveat: " + caveat, File.ReadAllText(Path.Combine(dir, "report.tap")), StringComparison.Ordinal);
        var read = ConformanceKit.Reports.ReportReader.Read(dir).Result;
        Assert.Equal(caveat, read.Rules.Single(x => x.Rule.Id == "IDS-5").Caveat);
        Assert.Null(read.Rules.Single(x => x.Rule.Id == "IDS-4").Caveat);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void ADieInACall_IsThatCallsFailure_UnderDie_AndTheAdapterLives()
    {
        var r = Mutant("UpdateUnknownDies");
        Assert.Contains(r.Rules.Single(x => x.Rule.Id == "IDS-6").Findings, f => f.Actual.Contains("threw die", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Cases, c => c.Crashed || c.Hung);
    }

    [Fact]
    public void ADieOutOfTheStep_IsRecordedAsTheIterationsFailure()
    {
        var r = Mutant("StepDiesWithATimer");
        Assert.Contains(r.Rules.SelectMany(x => x.Findings), f => f.Actual.Contains("RunOnce threw die", StringComparison.Ordinal));
        Assert.False(r.Certified);
        Assert.DoesNotContain(r.Cases, c => c.Crashed && c.Findings.Any(f => f.Actual.Contains("adapter died", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Unusual::CopiesTokens")] // checks the XS token shapes, keeps copies of them
    [InlineData("Unusual::OldBaseRegistersItself")] // Sys::Virt::Event base, registers in new()
    [InlineData("Unusual::FileScopeIds")] // its id counter lives at file scope
    [InlineData("Unusual::Chatty")] // prints on every iteration
    public void CorrectLoopWrittenUnusually_IsCertified(string package)
    {
        var r = BridgeRuns.Certify(BridgeRuns.PerlSpec("Unusual.pm", package));
        Assert.True(r.Certified, string.Join("; ", r.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.Crash or Verdict.Hang).Select(x => $"{x.Rule.Id}: {x.Findings.FirstOrDefault()?.Actual}")));
    }

    [Fact]
    public void IOAsyncWorkedExample_IsCertified_OverTheBridge_AndOnRealSysVirt()
    {
        // docs/perl.md's worked example: a loop on IO::Async, stepped with loop_once.
        string spec = BridgeRuns.PerlSpec("IOAsyncLoop.pm", "IOAsyncLoop");
        var bridged = BridgeRuns.Certify(spec);
        Assert.True(bridged.Certified, string.Join("; ", bridged.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.Crash or Verdict.Hang).Select(x => $"{x.Rule.Id}: {x.Findings.FirstOrDefault()?.Actual}")));
        var native = BridgeRuns.Run(spec, 1, runs: 0, tier: TierChoice.Native);
        Assert.True(native.Certified, string.Join("; ", native.Rules.Where(x => x.Verdict is Verdict.Fail or Verdict.Crash or Verdict.Hang or Verdict.NonStrict).Select(x => $"{x.Rule.Id}: {x.Findings.FirstOrDefault()?.Actual}")));
    }

    [Fact]
    public void EachScenario_MeetsAFreshLoop_EvenWithFileScopeState()
    {
        // The same named cases after a whole other certification in the same adapter: a loop
        // whose ids live at file scope would count on, and every trace would differ.
        string spec = BridgeRuns.PerlSpec("Unusual.pm", "Unusual::FileScopeIds");
        var first = BridgeRuns.Run(spec, 1, runs: 5);
        var second = BridgeRuns.Run(spec, 2, runs: 5);
        Assert.NotEmpty(first.Cases);
        Assert.Equal(first.Cases.Select(c => c.TraceHash), second.Cases.Select(c => c.TraceHash));
        Assert.NotEqual(first.TraceHash, second.TraceHash); // the generated runs did differ
    }

    [Theory]
    [InlineData("ExitsInTimer", false, "exited with status 7")]
    [InlineData("HangsInTimer", true, "did not answer in time")]
    public void AdapterChildDeathOrHang_CostsTheCase_AndTheRunGoesOn(string mutant, bool hang, string shown)
    {
        var r = BridgeRuns.Run(BridgeRuns.PerlSpec("Mutants.pm", "Mutants::" + mutant), 1, runs: 0, timeoutSeconds: 0.5);
        var hit = r.Cases.Where(c => hang ? c.Hung : c.Crashed).ToList();
        Assert.NotEmpty(hit);
        Assert.All(hit, c => Assert.Contains(c.Findings, f => f.Severity is Severity.Crash or Severity.Hang && f.Actual.Contains(shown, StringComparison.Ordinal)));
        Assert.Contains(r.Cases, c => c.Passed);
    }
}
