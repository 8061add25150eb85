using System.Collections.Immutable;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Harness.Engine;

/// <summary>Accumulates one rule's checks and findings over many runs, then gives its verdict.</summary>
internal sealed class RuleTally(Rule rule)
{
    private const int KeptFindings = 5;
    private const int KeptObservations = 6;

    public Rule Rule { get; } = rule;

    public int Checks { get; private set; }

    public bool Hung { get; set; }

    public SortedSet<string> Cases { get; } = new(StringComparer.Ordinal);

    public List<string> Observations { get; } = [];

    public List<Finding> Findings { get; } = [];

    public Counterexample? Counterexample { get; set; }

    private Severity? _worst;

    public bool HasFailure => _worst is Severity.Violation or Severity.Remark or Severity.Crash;

    public void Add(ScenarioOutcome outcome, string? caseId)
    {
        int checks = outcome.Checks.GetValueOrDefault(Rule.Id);
        Checks += checks;
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
                }

                continue;
            }

            _worst = Worse(_worst, f.Severity);
            if (Findings.Count < KeptFindings)
            {
                Findings.Add(f);
            }
        }
    }

    private static Severity Worse(Severity? a, Severity b) => a is null ? b : (Severity)Math.Max((int)a.Value, (int)b) switch
    {
        _ when a == Severity.Crash || b == Severity.Crash => Severity.Crash,
        _ when a == Severity.Violation || b == Severity.Violation => Severity.Violation,
        _ => Severity.Remark,
    };

    public RuleResult ToResult(bool tierRan)
    {
        var verdict = !tierRan ? Verdict.NotRun
            : _worst == Severity.Crash ? Verdict.Crash
            : _worst == Severity.Violation ? (Rule.Level == RuleLevel.Must ? Verdict.Fail : Verdict.NonStrict)
            : Hung ? Verdict.Hang
            : _worst == Severity.Remark ? Verdict.NonStrict
            : Checks > 0 ? (Rule.Level == RuleLevel.Info ? Verdict.Info : Verdict.Pass)
            : Verdict.NotRun;
        return new RuleResult(Rule, verdict, Checks, [.. Cases], [.. Observations], [.. Findings], Counterexample);
    }
}
