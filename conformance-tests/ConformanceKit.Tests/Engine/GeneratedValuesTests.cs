using ConformanceKit.FakeLibvirt.Core;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Tests.Engine;

/// <summary>The generator produces only what libvirt can produce: watch masks within
/// Readable|Writable (0 included), timer frequencies -1, 0 or N &gt; 0, and never a value of one
/// kind where the other is expected (issue 16, item 1: a watch "updated to 1000").</summary>
public sealed class GeneratedValuesTests
{
    private const int Runs = 300;

    [Fact]
    public void EveryMaskAndFrequencyTheCorePassesToTheLoop_IsOneLibvirtCanPass()
    {
        var seen = new List<string>();
        for (int run = 0; run < Runs; run++)
        {
            ScenarioRunner.Run(ScenarioGenerator.Generate(1, run, 40), t => new RecordingLoop(t, seen));
        }

        Assert.Contains(seen, s => s.StartsWith("mask", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.StartsWith("frequency", StringComparison.Ordinal));
        var bad = seen.Where(s => s.StartsWith("mask", StringComparison.Ordinal)
                ? (int.Parse(s[5..], System.Globalization.CultureInfo.InvariantCulture) & ~3) != 0
                : int.Parse(s[10..], System.Globalization.CultureInfo.InvariantCulture) < -1)
            .Distinct().ToList();
        Assert.True(bad.Count == 0, "passed to the loop: " + string.Join(", ", bad));
    }

    /// <summary>Self-updates are scripted by value: a watch's must be a mask, a timer's a frequency
    /// (checked on the scenarios themselves, so a reaction that never runs is caught too).</summary>
    [Fact]
    public void EveryScriptedSelfUpdate_HasAValueOfItsOwnersKind()
    {
        var bad = new List<string>();
        for (int run = 0; run < Runs; run++)
        {
            foreach (var step in ScenarioGenerator.Generate(1, run, 40).Steps)
            {
                var (reactions, isWatch) = step switch
                {
                    AddWatch a => (a.Reactions, true),
                    AddTimer t => (t.Reactions, false),
                    _ => ([], false),
                };
                bad.AddRange(reactions
                    .Where(r => r.Kind == ReactionKind.UpdateSelf && (isWatch ? (r.Value & ~3) != 0 : r.Value < -1))
                    .Select(r => $"run {run}: {step.Describe()}"));
            }
        }

        Assert.True(bad.Count == 0, string.Join("\n", bad.Take(5)));
    }

    /// <summary>What replay refuses in an edited file (<see cref="ScenarioCheck"/>), the harness
    /// itself never writes: every named case and generated scenario passes the check.</summary>
    [Fact]
    public void EveryNamedCaseAndGeneratedScenario_PassesTheReplayCheck()
    {
        var problems = Harness.Cases.NamedCases.All.Select(c => (Name: c.Id, c.Scenario))
            .Concat(Enumerable.Range(0, Runs).Select(i => (Name: $"run {i}", Scenario: ScenarioGenerator.Generate(1, i, 40))))
            .Select(x => ScenarioCheck.Problem(x.Scenario) is { } p ? $"{x.Name}: {p}" : null)
            .OfType<string>()
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5)));
    }

    /// <summary>The whole CLI path with a loop that keeps only Readable|Writable of a mask, which
    /// is all libvirt ever asks for: it is correct, so it is certified.</summary>
    [Fact]
    public void ALoopThatKeepsOnlyReadableWritable_IsCertified()
    {
        string dll = typeof(KeepsOnlyReadWriteLoop).Assembly.Location;
        var report = CliProcess.CertifyReport([0, 1], "--loop", $"assembly:{dll}:{typeof(KeepsOnlyReadWriteLoop).FullName}",
            "--runs", Runs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tier", "deterministic", "--seed", "1");
        var failed = report.GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("verdict").GetString() is "fail" or "non-strict" or "crash" or "hang")
            .Select(r => r.GetProperty("id").GetString())
            .ToList();
        Assert.True(failed.Count == 0, "not passed: " + string.Join(", ", failed));
    }
}
