using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Threaded;

namespace ConformanceKit.Harness.Engine;

/// <summary>What a unit's case runs with, from its <see cref="UnitRunner"/>: the options, the
/// judge and threaded tier over the loop, and the counterexamples already made (kept across
/// units, so that a rule's first failure is the one shrunk).</summary>
internal sealed class UnitContext(CertifyOptions options, Func<TimeProvider, EventImpl> createLoop, ScenarioJudge judge, ThreadedTier threaded, TimeProvider wallClock, HashSet<string> have)
{
    public CertifyOptions Options => options;

    public Func<TimeProvider, EventImpl> CreateLoop => createLoop;

    public ScenarioJudge Judge => judge;

    public ThreadedTier Threaded => threaded;

    /// <summary>Times shrinking, for the report (no verdict reads it).</summary>
    public TimeProvider WallClock => wallClock;

    /// <summary>Rules that already have a counterexample of a failure (a violation or a crash):
    /// later failures are not shrunk again.</summary>
    public HashSet<string> Have => have;

    /// <summary>Rules whose counterexample so far shows only a remark (a SHOULD, or late by one
    /// iteration): a later violation of theirs is still shrunk.</summary>
    public HashSet<string> Remarked { get; } = [];

    /// <summary>What a story's header calls its finding: a remark (a SHOULD not met, a MUST met
    /// only within a tolerance) is non-strict, not a failure.</summary>
    public static string VerdictWord(Rules.Finding f) => f.Severity == Rules.Severity.Remark ? "non-strict" : "failed";
}
