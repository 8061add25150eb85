namespace ConformanceKit.Harness.Facts;

/// <summary>How late a loop was with something it had to do in an iteration (contract version 2,
/// "Late by one iteration"): known only at the end of the next iteration, so the analyzer holds a
/// miss back for one iteration before it emits it.</summary>
public enum Lateness
{
    /// <summary>Done in the iteration it was due (or nothing was missed).</summary>
    OnTime,

    /// <summary>Missed in its iteration and done in the next: the MUST is met with a SHOULD-level
    /// remark.</summary>
    ByOne,

    /// <summary>Missed in its iteration; the next gave no second look (the watch or timer was
    /// changed, removed or no longer ready, or the run ended): as far as the run can tell it was
    /// late by one at most, so a remark, never a failure.</summary>
    NotSeenAgain,

    /// <summary>Missed in its iteration and again in the next: two or more iterations late, or
    /// never. The MUST fails.</summary>
    TwoOrMore,
}
