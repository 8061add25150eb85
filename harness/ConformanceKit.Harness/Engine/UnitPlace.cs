using System.Globalization;

namespace ConformanceKit.Harness.Engine;

/// <summary>Where in a certification a unit is, in words ("named case HANDLE-1/ready-readable, step
/// 3 of 5 (iterate)"), and the command that runs that unit again: what a hang or crash verdict
/// tells its reader.</summary>
internal static class UnitPlace
{
    /// <summary>The unit, and when known the step it was in: <paramref name="step"/> -1 is before the
    /// first step (with an empty <paramref name="phase"/>: while the loop was being created); a
    /// non-empty phase after the steps is the phase (flush, dispose). A unit with no scenario
    /// (threaded, native) has no steps to name.</summary>
    public static string Describe(CertifyOptions o, WorkUnit u, int? step = null, string? phase = null)
    {
        string unit = u.Case.Name(o);
        if (step is not { } k || u.Case.Scenario(o) is not { } scenario)
        {
            return unit;
        }

        if (k < 0)
        {
            return string.IsNullOrEmpty(phase) ? $"{unit}, while the loop was being created (before step 1)" : $"{unit}, before step 1";
        }

        var steps = scenario.Steps;
        if (!string.IsNullOrEmpty(phase))
        {
            return $"{unit}, after its {steps.Length} steps, in the {phase} phase";
        }

        string what = k < steps.Length ? $" ({steps[k].Describe()})" : string.Empty;
        return $"{unit}, step {k + 1} of {steps.Length}{what}";
    }

    /// <summary>The certify arguments that run this unit again (with the others of its rule, or the
    /// runs before it), in child processes when the run was isolated, so a crash shows again;
    /// <see cref="UnitResult.Explain"/> makes them a command.</summary>
    public static string Rerun(CertifyOptions o, WorkUnit u)
    {
        string timeout = (o.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        // A native case always runs in a child of its own: --isolate would say nothing.
        string isolate = o.IsolationWorker is not null && !u.Case.RunsAlone ? " --isolate true" : string.Empty;
        return $"--loop {ToolCommand.Quote(o.Loop)} {u.Case.RerunArguments(o, timeout)}{isolate}";
    }
}
