using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Reports;

/// <summary>A report.json read back: the folder it lives in, and the certification it records.</summary>
public sealed record LoadedReport(string Dir, CertificationResult Result, string ToolVersion);
