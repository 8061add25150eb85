namespace ConformanceKit.Harness.Bridge;

/// <summary>A loop in another process: the judge asks it whether its adapter failed during a
/// scenario (a crash of the case, not a rule's finding) and tells it when a scenario hung.</summary>
internal interface IBridgedLoop
{
    /// <summary>What went wrong with the adapter (protocol error, death, hang), with the tail of its
    /// stderr; null while all is well.</summary>
    string? Fault { get; }

    /// <summary>The scenario hung: kill the adapter's process for this loop, so that the thread
    /// stuck waiting for it returns and nothing is left running.</summary>
    void Abandon();
}
