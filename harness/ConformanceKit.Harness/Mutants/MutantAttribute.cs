namespace ConformanceKit.Harness.Mutants;

/// <summary>Marks a deliberately broken loop: its catalogue name, the rules it must be convicted
/// of, and its bug in one line.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class MutantAttribute(string name, string description, params string[] rules) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public IReadOnlyList<string> Rules { get; } = rules;

    /// <summary>The bug only shows with real threads (threaded tier).</summary>
    public bool Threaded { get; init; }

    /// <summary>The bug takes the whole process down (it cannot be caught in-process): the loop
    /// may only be certified in a separate process, and in-process runs and tests skip it.</summary>
    public bool Isolated { get; init; }

    /// <summary>Its rule is judged by counting the process's fds (LIFE-4): exact only in a process
    /// of its own (the CLI's isolated worker), not beside other threads that open and close fds,
    /// so in-process test runs leave it to a test through the CLI.</summary>
    public bool CountsProcessFds { get; init; }
}
