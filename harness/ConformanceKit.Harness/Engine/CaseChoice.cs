namespace ConformanceKit.Harness.Engine;

/// <summary>Which units of the deterministic tier a certification runs (<c>--cases</c>): with
/// <see cref="Generated"/> alone, what the generator finds by itself is measured (issue 15).</summary>
public enum CaseChoice
{
    /// <summary>The named cases, then the generated runs (the default).</summary>
    All,

    /// <summary>The named cases only (as <c>--runs 0</c>).</summary>
    Named,

    /// <summary>The generated runs only.</summary>
    Generated,
}
