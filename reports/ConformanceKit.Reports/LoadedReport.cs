using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Reports;

/// <summary>A report.json read back: the folder it lives in, the certification it records, and the
/// contract version it was judged by (1 for reports written before reports named it).</summary>
public sealed record LoadedReport(string Dir, CertificationResult Result, string ToolVersion, int ContractVersion = Harness.Rules.RuleCatalogue.ContractVersion);
