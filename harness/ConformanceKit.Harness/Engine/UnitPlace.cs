using System.Globalization;
using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>Where in a certification a unit is, in words ("named case HANDLE-1/ready-readable, step
/// 3 of 5 (iterate)"), and the command that runs that unit again: what a hang or crash verdict
/// tells its reader.</summary>
internal static class UnitPlace
{
    /// <summary>The unit, and when known the step it was in: <paramref name="step"/> -1 is before the
    /// first step (with an empty <paramref name="phase"/>: while the loop was being created); a
    /// non-empty phase after the steps is the phase (flush, dispose).</summary>
    public static string Describe(CertifyOptions o, WorkUnit u, int? step = null, string? phase = null)
    {
        string unit = Name(o, u);
        if (step is not { } k || u.Kind is UnitKind.Threaded or UnitKind.Native)
        {
            return unit;
        }

        if (k < 0)
        {
            return string.IsNullOrEmpty(phase) ? $"{unit}, while the loop was being created (before step 1)" : $"{unit}, before step 1";
        }

        var steps = ScenarioOf(o, u)?.Steps ?? [];
        if (!string.IsNullOrEmpty(phase))
        {
            return $"{unit}, after its {steps.Length} steps, in the {phase} phase";
        }

        string what = k < steps.Length ? $" ({steps[k].Describe()})" : string.Empty;
        return $"{unit}, step {k + 1} of {steps.Length}{what}";
    }

    /// <summary>"named case X", "generated run 7 (seed 1)", "threaded case X, schedule 2", "native case X".</summary>
    public static string Name(CertifyOptions o, WorkUnit u) => u.Kind switch
    {
        UnitKind.NamedCase => $"named case {NamedCases.All[u.Index].Id}",
        UnitKind.Generated => $"generated run {u.Index} (seed {o.Seed})",
        UnitKind.Threaded => $"threaded case {ThreadedTier.Cases[u.Index].Id}, schedule {u.Schedule}",
        _ => $"native case {Native.NativeCases.All[u.Index].Id}",
    };

    /// <summary>The rule a unit is aimed at (null for a generated run).</summary>
    public static string? AimedAt(WorkUnit u) => u.Kind switch
    {
        UnitKind.NamedCase => NamedCases.All[u.Index].RuleId,
        UnitKind.Threaded => ThreadedTier.Cases[u.Index].RuleId,
        UnitKind.Native => Native.NativeCases.All[u.Index].RuleId,
        _ => null,
    };

    /// <summary>A certify command that runs this unit again (with the others of its rule, or the
    /// runs before it), in child processes when the run was isolated, so a crash shows again.</summary>
    public static string Replay(CertifyOptions o, WorkUnit u)
    {
        string timeout = (o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        string isolate = o.IsolationWorker is not null ? " --isolate true" : string.Empty;
        string loop = $"./conformancekit certify --loop {o.Loop}";
        return u.Kind switch
        {
            UnitKind.NamedCase => $"{loop} --tier deterministic --rules {AimedAt(u)} --runs 0 --timeout {timeout}{isolate}",
            UnitKind.Generated => $"{loop} --tier deterministic --cases generated --seed {o.Seed} --runs {u.Index + 1} --max-steps {o.MaxSteps} --timeout {timeout}{isolate}",
            UnitKind.Threaded => $"{loop} --tier threaded --rules {AimedAt(u)} --seed {o.Seed} --schedules {u.Schedule + 1} --timeout {timeout}{isolate}",
            _ => $"{loop} --tier native --timeout {timeout}",
        };
    }

    /// <summary>The scenario of a named case or generated run; null for the other units.</summary>
    public static Scenario? ScenarioOf(CertifyOptions o, WorkUnit u) => u.Kind switch
    {
        UnitKind.NamedCase => NamedCases.All[u.Index].Scenario,
        UnitKind.Generated => ScenarioGenerator.Generate(o.Seed, u.Index, o.MaxSteps),
        _ => null,
    };
}
