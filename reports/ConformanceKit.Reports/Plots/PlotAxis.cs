using System.Collections.Immutable;
using System.Globalization;

namespace ConformanceKit.Reports.Plots;

/// <summary>The value axis of a histogram: [<see cref="Min"/>, <see cref="Max"/>) cut into
/// <see cref="Bins"/> equal bins on a linear or a log10 scale. A value outside falls into a clipped
/// slot beside the axis (<see cref="UnderLabel"/>, <see cref="OverLabel"/>): extremes are counted
/// and labelled, never drawn off the picture nor allowed to squash the rest.</summary>
/// <param name="Label">What the axis measures, with its unit.</param>
/// <param name="Ticks">Values labelled under the axis.</param>
public sealed record PlotAxis(string Label, double Min, double Max, int Bins, bool Log, ImmutableArray<double> Ticks, string UnderLabel, string OverLabel)
{
    /// <summary>Bin index of the clipped slot below <see cref="Min"/>.</summary>
    public const int Under = -1;

    /// <summary>Bin index of the clipped slot at or above <see cref="Max"/>.</summary>
    public int Over => Bins;

    /// <summary>Where a value lies along the axis: 0 at <see cref="Min"/>, 1 at <see cref="Max"/> (not clamped).</summary>
    public double Fraction(double v) => Log
        ? (Math.Log10(v) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
        : (v - Min) / (Max - Min);

    /// <summary>The bin a value falls in; <see cref="Under"/> or <see cref="Over"/> outside the axis
    /// (on a log scale, zero and below are under).</summary>
    public int BinOf(double v) =>
        v < Min || (Log && v <= 0) ? Under
        : v >= Max ? Over
        // The nudge keeps a value on a bin's edge (0.1 on a log axis) out of the bin below it.
        : Math.Clamp((int)Math.Floor((Fraction(v) * Bins) + 1e-9), 0, Bins - 1);

    /// <summary>The lower edge of bin <paramref name="i"/> (<paramref name="i"/> = <see cref="Bins"/>: <see cref="Max"/>).</summary>
    public double Edge(int i) => Log
        ? Math.Pow(10, Math.Log10(Min) + ((Math.Log10(Max) - Math.Log10(Min)) * i / Bins))
        : Min + ((Max - Min) * i / Bins);

    public static string Text(double v) => v.ToString(Math.Abs(v) >= 10 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
