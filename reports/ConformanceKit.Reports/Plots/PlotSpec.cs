using System.Collections.Immutable;

namespace ConformanceKit.Reports.Plots;

/// <summary>What one histogram shows: its id (unique in the page: the SVG's element ids start
/// with it), its title (the SVG's accessible name), the axis, the unit of the values, what one
/// value is called ("wake-ups"), reference lines, and what a value that never happened is called.</summary>
public sealed record PlotSpec(string Id, string Title, PlotAxis Axis, string Unit, string Noun, ImmutableArray<PlotMark> Marks, string NeverLabel = "never");

/// <summary>A dashed reference line across every row at <paramref name="Value"/>, labelled at the top.</summary>
public sealed record PlotMark(double Value, string Label);

/// <summary>One row of a histogram: a series of values, null for one that never happened.</summary>
public sealed record PlotRow(string Name, IReadOnlyList<double?> Values);
