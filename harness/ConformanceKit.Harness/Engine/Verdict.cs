namespace ConformanceKit.Harness.Engine;

/// <summary>A rule's verdict over a whole certification. The report writes these exact
/// lower-case strings (pass, fail, non-strict, info, not-run, hang, crash).</summary>
public enum Verdict
{
    Pass,
    Fail,
    NonStrict,
    Info,
    NotRun,
    Hang,
    Crash,
}
