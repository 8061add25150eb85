using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules;

/// <summary>One rule of CONTRACT.md: its id, level, sentence word for word, and its check.</summary>
/// <remarks>Subclasses are found by reflection (<see cref="RuleCatalogue"/>): adding a rule
/// touches one file. A check judges one fact at a time and returns its finding; it never throws
/// and never walks the trace itself.</remarks>
public abstract class Rule
{
    public abstract string Id { get; }

    public abstract RuleLevel Level { get; }

    /// <summary>The rule's sentence as CONTRACT.md states it.</summary>
    public abstract string Sentence { get; }

    public virtual Tier Tier => Tier.Deterministic;

    /// <summary>The family: the part of the id before the dash (IDS, HANDLE, ...).</summary>
    public string Family => Id[..Id.IndexOf('-', StringComparison.Ordinal)];

    public abstract Judgement Judge(Fact fact);

    /// <summary>Whether the contract leaves this rule a choice among several outcomes, and
    /// <see cref="Choice"/> says which one a fact shows (HANDLE-4, HANDLE-9, TIMER-8, REENTRY-2's
    /// same-iteration question, LIFE-1..3). The report sets the loop's choices beside the
    /// reference loop's, which runs every scenario alongside.</summary>
    public virtual bool Chooses => false;

    /// <summary>Which of the outcomes the contract allows <paramref name="fact"/> shows, in a few
    /// words that are the same for every run that chose the same (no ids, no counts: the report
    /// counts the runs of each choice); null when the fact shows none.</summary>
    public virtual string? Choice(Fact fact) => null;

    protected Judgement Violation(Fact f, string expected, string actual) => Found(f, Severity.Violation, expected, actual);

    protected Judgement Remark(Fact f, string expected, string actual) => Found(f, Severity.Remark, expected, actual);

    protected Judgement Observe(Fact f, string what) => Found(f, Severity.Observation, "anything (INFO)", what);

    /// <summary>Something the loop had to do and did not do in its iteration, graded by what the
    /// next iteration showed (contract version 2, "Late by one iteration"): one iteration late is a
    /// SHOULD-level remark, two or more (or never) breaks the rule.</summary>
    protected Judgement Missed(Fact f, Lateness late, string expected, string actual) => late switch
    {
        Lateness.ByOne => Remark(f, expected, actual + "; done in the next iteration: late by one iteration"),
        Lateness.NotSeenAgain => Remark(f, expected, actual + "; the next iteration gave no second look: late by one iteration at most"),
        Lateness.TwoOrMore => Violation(f, expected, actual + "; still not in the next iteration"),
        _ => Violation(f, expected, actual),
    };

    protected Judgement Crash(Fact f, string actual) => Found(f, Severity.Crash, "RunOnce returns normally", actual);

    private Judgement Found(Fact f, Severity s, string expected, string actual) =>
        new(true, new Finding(Id, s, f.Seq, expected.Split(" | "), actual));
}
