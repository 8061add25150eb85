using System.Globalization;
using System.Net;
using System.Text;

namespace ConformanceKit.Reports.Plots;

/// <summary>A histogram as inline SVG: one row of bars per series over one shared value axis, the
/// values beyond the axis counted in hatched, labelled slots beside it, the ones that never happened
/// in a slot of their own, and dashed reference lines.</summary>
/// <remarks>Readable without colour: clipped slots are hatched and labelled, reference lines dashed
/// and named, every row states its count, median and maximum, every bar has a tooltip
/// (<c>&lt;title&gt;</c>). Nothing to load: no script, no web font (local sans-serif faces), no
/// network. The SVG is named by its title and described by a summary (<c>aria-labelledby</c>).</remarks>
public static class HistogramSvg
{
    public const double Width = 760;
    public const double Left = 16;
    public const double Right = 16;
    public const double SlotWidth = 34;
    public const double SlotGap = 12;
    public const double Top = 34;
    public const double RowLabel = 18;
    public const double BarHeight = 44;
    public const double RowGap = 14;
    public const double AxisHeight = 42;

    /// <summary>Bars this tall at least, so that a single value beside a thousand still shows.</summary>
    public const double MinBar = 2;

    private const string Ink = "#1f2328";
    private const string Bar = "#57606a";

    /// <summary>Where things go: the axis's bins between <see cref="MainLeft"/> and
    /// <see cref="MainLeft"/> + <see cref="MainWidth"/>, the clipped slots (null when no row has a
    /// value there) beside it.</summary>
    public sealed record Geometry(PlotAxis Axis, double MainLeft, double MainWidth, double? UnderX, double? OverX, double? NeverX, int Rows)
    {
        public double Height => Top + (Rows * RowPitch) + AxisHeight;

        public double BinWidth => MainWidth / Axis.Bins;

        /// <summary>The x of a value on the axis (not clamped: a caller clips first).</summary>
        public double X(double v) => MainLeft + (Axis.Fraction(v) * MainWidth);

        /// <summary>The left edge of bin <paramref name="i"/>.</summary>
        public double BarX(int i) => MainLeft + (i * BinWidth);

        /// <summary>The baseline of row <paramref name="k"/> (the bars stand on it).</summary>
        public double Baseline(int k) => Top + (k * RowPitch) + RowLabel + BarHeight;

        private static double RowPitch => RowLabel + BarHeight + RowGap;
    }

    /// <summary>The layout of a plot of these rows (rows without values are left out).</summary>
    public static Geometry Layout(PlotSpec spec, IReadOnlyList<PlotRow> rows)
    {
        var kept = Plotted(rows);
        var bins = kept.SelectMany(r => r.Values).Select(v => v is { } x ? spec.Axis.BinOf(x) : (int?)null).ToList();
        bool under = bins.Contains(PlotAxis.Under), over = bins.Contains(spec.Axis.Over), never = bins.Contains(null);
        double slot = SlotWidth + SlotGap;
        double mainLeft = Left + (under ? slot : 0);
        double mainWidth = Width - Right - mainLeft - ((over ? slot : 0) + (never ? slot : 0));
        double? overX = over ? mainLeft + mainWidth + SlotGap : null;
        double? neverX = never ? mainLeft + mainWidth + SlotGap + (over ? slot : 0) : null;
        return new Geometry(spec.Axis, mainLeft, mainWidth, under ? Left : null, overX, neverX, kept.Count);
    }

    /// <summary>The SVG, or null when no row has a value: nothing measured, nothing drawn (not even
    /// an empty box).</summary>
    public static string? Render(PlotSpec spec, IReadOnlyList<PlotRow> rows)
    {
        var kept = Plotted(rows);
        if (kept.Count == 0)
        {
            return null;
        }

        var g = Layout(spec, kept);
        var s = new StringBuilder();
        string id = E(spec.Id);
        s.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" id=\"{id}\" viewBox=\"0 0 {N(Width)} {N(g.Height)}\" width=\"{N(Width)}\" height=\"{N(g.Height)}\" ");
        s.Append($"role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"11\" fill=\"{Ink}\">");
        s.Append($"<title id=\"{id}-title\">{E(spec.Title)}</title>");
        s.Append($"<desc id=\"{id}-desc\">{E(string.Join("; ", kept.Select(r => $"{r.Name}: {Summary(spec, r)}")))}. Axis: {E(spec.Axis.Label)}.</desc>");
        s.Append($"<defs><pattern id=\"{id}-hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + $"<rect width=\"5\" height=\"5\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"{Bar}\" stroke-width=\"3\"/></pattern></defs>");
        for (int k = 0; k < kept.Count; k++)
        {
            Row(s, spec, g, k, kept[k]);
        }

        Marks(s, spec, g);
        Axis(s, spec, g);
        s.Append("</svg>");
        return s.ToString();
    }

    /// <summary>"n = 30, median 0.061 ms, max 0.2 ms, 2 never".</summary>
    public static string Summary(PlotSpec spec, PlotRow row)
    {
        var seen = row.Values.OfType<double>().ToList();
        int never = row.Values.Count - seen.Count;
        string text = $"n = {row.Values.Count}";
        if (Median(row) is { } median)
        {
            text += $", median {PlotAxis.Text(median)} {spec.Unit}, min {PlotAxis.Text(seen.Min())} {spec.Unit}, max {PlotAxis.Text(seen.Max())} {spec.Unit}";
        }

        return text + (never > 0 ? $", {never} {spec.NeverLabel}" : string.Empty);
    }

    /// <summary>The upper median of the values that happened, as THREAD-2's summary takes it.</summary>
    public static double? Median(PlotRow row) =>
        row.Values.OfType<double>().Order().ToList() is { Count: > 0 } seen ? seen[seen.Count / 2] : null;

    private static List<PlotRow> Plotted(IReadOnlyList<PlotRow> rows) =>
        [.. rows.Select(r => r with { Values = [.. r.Values.Where(v => v is null || !double.IsNaN(v.Value))] }).Where(r => r.Values.Count > 0)];

    private static void Row(StringBuilder s, PlotSpec spec, Geometry g, int k, PlotRow row)
    {
        double baseline = g.Baseline(k);
        s.Append($"<g class=\"row\" data-series=\"{E(row.Name)}\">");
        s.Append($"<text x=\"{N(Left)}\" y=\"{N(baseline - BarHeight - 5)}\" font-weight=\"600\">{E(row.Name)}</text>");
        s.Append($"<text x=\"{N(Width - Right)}\" y=\"{N(baseline - BarHeight - 5)}\" text-anchor=\"end\">{E(Summary(spec, row))}</text>");
        s.Append($"<line x1=\"{N(Left)}\" y1=\"{N(baseline)}\" x2=\"{N(Width - Right)}\" y2=\"{N(baseline)}\" stroke=\"{Ink}\" stroke-width=\"1\"/>");
        var counts = row.Values.GroupBy(v => v is { } x ? spec.Axis.BinOf(x) : (int?)null).ToDictionary(b => b.Key ?? int.MinValue, b => b.Count());
        int tallest = counts.Where(c => c.Key >= 0 && c.Key < spec.Axis.Bins).Select(c => c.Value).DefaultIfEmpty(0).Max();
        foreach (var (bin, count) in counts.Where(c => c.Key >= 0 && c.Key < spec.Axis.Bins).OrderBy(c => c.Key))
        {
            double h = Math.Max(MinBar, BarHeight * count / tallest);
            string what = $"{count} {spec.Noun} from {PlotAxis.Text(spec.Axis.Edge(bin))} to {PlotAxis.Text(spec.Axis.Edge(bin + 1))} {spec.Unit}";
            s.Append($"<rect class=\"bar\" data-bin=\"{bin}\" data-count=\"{count}\" x=\"{N(g.BarX(bin))}\" y=\"{N(baseline - h)}\" width=\"{N(Math.Max(1, g.BinWidth - 1))}\" height=\"{N(h)}\" fill=\"{Bar}\"><title>{E(what)}</title></rect>");
        }

        // The slots are as tall as the tallest bar could be, whatever they hold: their count is
        // written on them, since a bar scaled against the axis's bins would say nothing.
        Slot(s, spec, g.UnderX, baseline, "under", counts.GetValueOrDefault(PlotAxis.Under), $"below {PlotAxis.Text(spec.Axis.Min)} {spec.Unit}");
        Slot(s, spec, g.OverX, baseline, "over", counts.GetValueOrDefault(spec.Axis.Over), $"at or above {PlotAxis.Text(spec.Axis.Max)} {spec.Unit}");
        Slot(s, spec, g.NeverX, baseline, "never", counts.GetValueOrDefault(int.MinValue), spec.NeverLabel);
        if (Median(row) is { } median && spec.Axis.BinOf(median) is var at && at >= 0 && at < spec.Axis.Bins)
        {
            double x = g.X(median);
            s.Append($"<path class=\"median\" d=\"M{N(x)},{N(baseline + 1)} l4,7 h-8 z\" fill=\"{Ink}\"><title>median {E(PlotAxis.Text(median))} {E(spec.Unit)}</title></path>");
        }

        s.Append("</g>");
    }

    private static void Slot(StringBuilder s, PlotSpec spec, double? x, double baseline, string kind, int count, string what)
    {
        if (x is not { } left || count == 0)
        {
            return;
        }

        s.Append($"<rect class=\"bar clipped\" data-bin=\"{kind}\" data-count=\"{count}\" x=\"{N(left)}\" y=\"{N(baseline - BarHeight)}\" width=\"{N(SlotWidth)}\" height=\"{N(BarHeight)}\" "
            + $"fill=\"url(#{E(spec.Id)}-hatch)\" stroke=\"{Ink}\"><title>{E($"{count} {spec.Noun} {what}")}</title></rect>");
        s.Append($"<text class=\"count\" x=\"{N(left + (SlotWidth / 2))}\" y=\"{N(baseline - (BarHeight / 2) + 4)}\" text-anchor=\"middle\" font-weight=\"700\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">{count}</text>");
    }

    private static void Marks(StringBuilder s, PlotSpec spec, Geometry g)
    {
        foreach (var m in spec.Marks.Where(m => OnAxis(spec.Axis, m.Value)))
        {
            double x = g.X(m.Value);
            // A label near an edge is anchored away from it, so it stays inside the picture.
            string anchor = x < Width / 4 ? "start" : x > Width * 3 / 4 ? "end" : "middle";
            s.Append($"<g class=\"mark\"><text x=\"{N(x)}\" y=\"{N(Top - 12)}\" text-anchor=\"{anchor}\">{E(m.Label)}</text>");
            // The line crosses the bars only, never a row's label and summary.
            s.Append($"<line x1=\"{N(x)}\" y1=\"{N(Top - 8)}\" x2=\"{N(x)}\" y2=\"{N(Top)}\" stroke=\"{Ink}\" stroke-dasharray=\"4 3\"/>");
            for (int k = 0; k < g.Rows; k++)
            {
                s.Append($"<line x1=\"{N(x)}\" y1=\"{N(g.Baseline(k) - BarHeight)}\" x2=\"{N(x)}\" y2=\"{N(g.Baseline(k))}\" stroke=\"{Ink}\" stroke-dasharray=\"4 3\"/>");
            }

            s.Append("</g>");
        }
    }

    private static void Axis(StringBuilder s, PlotSpec spec, Geometry g)
    {
        double y = g.Baseline(g.Rows - 1);
        s.Append("<g class=\"axis\">");
        foreach (double t in spec.Axis.Ticks.Where(t => OnAxis(spec.Axis, t)))
        {
            double x = g.X(t);
            s.Append($"<line x1=\"{N(x)}\" y1=\"{N(y)}\" x2=\"{N(x)}\" y2=\"{N(y + 5)}\" stroke=\"{Ink}\"/><text x=\"{N(x)}\" y=\"{N(y + 17)}\" text-anchor=\"middle\">{E(PlotAxis.Text(t))}</text>");
        }

        foreach (var (x, label) in new[] { (g.UnderX, spec.Axis.UnderLabel), (g.OverX, spec.Axis.OverLabel), (g.NeverX, spec.NeverLabel) })
        {
            if (x is { } left)
            {
                s.Append($"<text class=\"slot\" x=\"{N(left + (SlotWidth / 2))}\" y=\"{N(y + 17)}\" text-anchor=\"middle\" font-style=\"italic\">{E(label)}</text>");
            }
        }

        s.Append($"<text class=\"label\" x=\"{N(g.MainLeft + (g.MainWidth / 2))}\" y=\"{N(y + 34)}\" text-anchor=\"middle\">{E(spec.Axis.Label)}</text></g>");
    }

    /// <summary>Within the axis, its ends included (a tick at <see cref="PlotAxis.Max"/> is drawn).</summary>
    private static bool OnAxis(PlotAxis a, double v) => (!a.Log || v > 0) && a.Fraction(v) is >= 0 and <= 1;

    private static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
