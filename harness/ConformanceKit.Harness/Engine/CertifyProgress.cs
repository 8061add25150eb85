namespace ConformanceKit.Harness.Engine;

/// <summary>Where a certification is, for a progress display.</summary>
public sealed record CertifyProgress(int CasesDone, int CasesTotal, int RunsDone, int RunsTotal, int Failures);
