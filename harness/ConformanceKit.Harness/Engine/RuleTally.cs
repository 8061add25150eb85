using System.Collections.Immutable;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Accumulates one rule's checks and findings over many runs, then gives its verdict.</summary>
internal sealed class RuleTally(Rule rule)
{
    private const int KeptFindings = Grading.KeptFindings;
    private const int KeptObservations = Grading.KeptObservations;

    public Rule Rule { get; } = rule;

    public int Checks { get; private set; }

    public bool Hung { get; set; }

    /// <summary>The process died during a case aimed at this rule (isolated runs).</summary>
    public bool Crashed { get; set; }

    public SortedSet<string> Cases { get; } = new(StringComparer.Ordinal);

    public List<string> Observations { get; } = [];

    public List<int> ObservationOrigins { get; } = [];

    public long JudgeTicks { get; private set; }

    public TimeSpan ShrinkTime { get; set; }

    public List<Finding> Findings { get; } = [];

    /// <summary>What real-clock units measured for this rule, the first <see cref="Measurements.KeptPerRule"/>.</summary>
    private readonly List<Measurement> _measurements = [];

    private int _measured;

    public Counterexample? Counterexample { get; set; }

    private Severity? _worst;

    /// <summary>The severity of the finding <see cref="Counterexample"/> shows.</summary>
    private Severity? _counterexampleSeverity;

    /// <summary>Keeps the first counterexample, unless a later one shows a graver finding: a rule
    /// that was first only late by one iteration (a remark) and later failed outright shows the
    /// failure, the counterexample a reader needs.</summary>
    public void OfferCounterexample(Counterexample? cx, IEnumerable<Finding> unitFindings)
    {
        if (cx is null)
        {
            return;
        }

        var severity = unitFindings.Where(f => f.RuleId == Rule.Id && f.Severity != Severity.Observation)
            .Select(f => (Severity?)f.Severity).Aggregate((Severity?)null, (a, b) => a is null ? b : Worse(a, b!.Value));
        if (Counterexample is null || (_counterexampleSeverity == Severity.Remark && severity is Severity.Violation or Severity.Crash))
        {
            Counterexample = cx;
            _counterexampleSeverity = severity;
        }
    }

    public bool HasFailure => _worst is Severity.Violation or Severity.Remark or Severity.Crash;

    public void Add(ScenarioOutcome outcome, string? caseId)
    {
        int checks = outcome.Checks.GetValueOrDefault(Rule.Id);
        Checks += checks;
        JudgeTicks += outcome.JudgeTicks.GetValueOrDefault(Rule.Id);
        if (caseId is not null && (checks > 0 || outcome.Findings.Any(f => f.RuleId == Rule.Id)))
        {
            Cases.Add(caseId);
        }

        foreach (var f in outcome.Findings.Where(f => f.RuleId == Rule.Id))
        {
            if (f.Severity == Severity.Observation)
            {
                if (Observations.Count < KeptObservations && !Observations.Contains(f.Actual))
                {
                    Observations.Add(f.Actual);
                    ObservationOrigins.Add(f.Origin);
                }

                continue;
            }

            _worst = Worse(_worst, f.Severity);
            if (Findings.Count < KeptFindings || f.Severity != Severity.Remark)
            {
                Findings.Add(f);
                if (f.Severity != Severity.Remark || Findings.Count > KeptFindings)
                {
                    var kept = Grading.Keep(Findings);
                    Findings.Clear();
                    Findings.AddRange(kept);
                }
            }
        }
    }

    /// <summary>Charges the rule with a finding that no rule check made: a case aimed at it hung or
    /// crashed, or was not started (<see cref="ShortCut"/>). Always kept, since it is what the
    /// rule's note must say.</summary>
    public void Charge(Finding f)
    {
        if (f.Severity == Severity.Hang)
        {
            Hung = true;
        }
        else
        {
            _worst = Worse(_worst, f.Severity);
        }

        if (Findings.Count >= KeptFindings)
        {
            if (Findings.Any(x => x.Severity == f.Severity))
            {
                return;
            }

            Findings.RemoveAt(Findings.Count - 1);
        }

        Findings.Add(f);
    }

    private static Severity Worse(Severity? a, Severity b) => a is null ? b : (Severity)Math.Max((int)a.Value, (int)b) switch
    {
        _ when a == Severity.Crash || b == Severity.Crash => Severity.Crash,
        _ when a == Severity.Violation || b == Severity.Violation => Severity.Violation,
        _ => Severity.Remark,
    };

    /// <summary>Keeps a unit's measurements of this rule (others' are skipped).</summary>
    public void Measure(IEnumerable<Measurement> unitMeasurements)
    {
        foreach (var m in unitMeasurements.Where(m => m.RuleId == Rule.Id))
        {
            _measured++;
            if (_measurements.Count < Measurements.KeptPerRule)
            {
                _measurements.Add(m);
            }
        }
    }

    /// <summary>Records an observation that did not come from a rule's own check (fd leaks).</summary>
    public void Note(string text, int origin)
    {
        if (Observations.Count < KeptObservations && !Observations.Contains(text))
        {
            Observations.Add(text);
            ObservationOrigins.Add(origin);
        }
    }

    public RuleResult ToResult(bool tierRan) =>
        new(Rule, Grading.Grade(Rule.Level, tierRan, Crashed ? Severity.Crash : _worst, Hung, Checks), Checks, [.. Cases], [.. Observations], [.. Findings], Counterexample)
        {
            Judged = tierRan,
            Worst = Crashed ? Severity.Crash : _worst,
            Hung = Hung,
            ObservationOrigins = [.. ObservationOrigins],
#pragma warning disable RS0030 // how long judging and shrinking took, for the report's timing; no verdict reads it
            JudgeTime = System.Diagnostics.Stopwatch.GetElapsedTime(0, JudgeTicks),
#pragma warning restore RS0030
            ShrinkTime = ShrinkTime,
            // A rule that was not selected shows nothing, its measurements included.
            Measurements = tierRan ? [.. _measurements] : [],
            Measured = tierRan ? _measured : 0,
        };
}
