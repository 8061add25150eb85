using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Cases;

/// <summary>A hand-written scenario with a stable id (<c>RULE-ID/short-name</c>), a one-line
/// description and a one-line expectation that reports print verbatim.</summary>
public sealed record NamedCase(string Id, string Description, string Expectation, Scenario Scenario)
{
    /// <summary>The rule the case is aimed at (every rule still judges its trace).</summary>
    public string RuleId => Id.Contains('/', StringComparison.Ordinal) ? Id[..Id.IndexOf('/', StringComparison.Ordinal)] : Id;
}
