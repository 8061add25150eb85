namespace ConformanceKit.Harness.Mutants;

/// <summary>Marks a deliberately broken loop: its catalogue name, the rules it must be convicted
/// of, and its bug in one line.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class MutantAttribute(string name, string description, params string[] rules) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public IReadOnlyList<string> Rules { get; } = rules;

    /// <summary>The bug only shows with real threads (threaded tier).</summary>
    public bool Threaded { get; init; }

    /// <summary>The bug takes the whole process down (it cannot be caught in-process): the loop
    /// may only be certified in a separate process, and in-process runs and tests skip it.</summary>
    public bool Isolated { get; init; }
}
