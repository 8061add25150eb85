namespace ConformanceKit.Harness.Loading;

/// <summary>One kind of loop spec (<c>reference</c>, <c>mutant:NAME</c>, <c>python:...</c>): how it
/// is written, how it loads, and how it is written so that it means the same from any folder. A
/// new loop kind is one class of this in <c>Loading/Sources/</c> and its line in
/// <see cref="LoopSources.All"/>; help, errors and loading follow from it.</summary>
public interface ILoopSource
{
    /// <summary>How the spec is written, for --loop's help and for errors ("mutant:NAME").</summary>
    string Syntax { get; }

    /// <summary>The spec is of this kind (it may still be bad input for it).</summary>
    bool Claims(string spec);

    /// <summary>The loop, ready to be made for each run; bad input is a <see cref="BadInputException"/>.</summary>
    LoadedLoop Load(string spec);

    /// <summary>The spec with any path in it made absolute (a counterexample replays from anywhere).</summary>
    string Absolute(string spec) => spec;
}
