using System.Collections.Immutable;

namespace ConformanceKit.Harness.Engine;

/// <summary>What a rule whose outcome the contract leaves open (<see cref="Rules.Rule.Chooses"/>)
/// chose over a certification, beside what the reference loop chose on the same scenarios.</summary>
/// <param name="Runs">Scenarios in which both the loop and the reference showed a choice of the
/// rule (a run in which only one came to such a point went another way; it counts only in
/// <paramref name="Loop"/> or <paramref name="Reference"/>).</param>
/// <param name="Differing">Of those, the scenarios in which the loop's choices were not the reference's.</param>
/// <param name="FirstDifference">The origin of the first of them; -1 when none.</param>
/// <param name="Loop">The loop's choices, in order of first occurrence.</param>
/// <param name="Reference">The reference's choices, in order of first occurrence.</param>
public sealed record ChoiceComparison(int Runs, int Differing, int FirstDifference, ImmutableArray<ChoiceCount> Loop, ImmutableArray<ChoiceCount> Reference);

/// <summary>One choice: in how many scenarios it was seen, and the origin of the first.</summary>
public sealed record ChoiceCount(string Choice, int Runs, int FirstOrigin);
