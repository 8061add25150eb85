using System.Globalization;
using System.Xml.Linq;
using ConformanceKit.Reports.Plots;

namespace ConformanceKit.Tests.Reports.Plots;

/// <summary>The histogram builder: each value lands in the bar of its bin at the coordinates the
/// layout gives (checked against numbers worked out by hand), nothing measured draws nothing,
/// values beyond the axis are counted in labelled slots inside the picture, and the picture says
/// what it shows to a screen reader and loads nothing.</summary>
public sealed class HistogramSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>0 to 10 in ten bins: no clipped slot, so the bins span the whole width between the margins.</summary>
    private static readonly PlotSpec Linear = new("p", "a linear plot",
        new PlotAxis("value, ms", 0, 10, 10, Log: false, [0, 5, 10], "< 0", "≥ 10"), "ms", "values", [new(5, "five")]);

    private static PlotSpec Thread2 => TimingPlots.Specs["THREAD-2"];

    [Fact]
    public void Bars_StandAtTheirBinsCoordinates_WorkedOutByHand()
    {
        var svg = Parse(HistogramSvg.Render(Linear, [new("row", [0.5, 3.2, 3.7, 9.99])]));

        // Main area: from the left margin (16) to the width less the right margin (760 - 16), so
        // 728 wide, 72.8 a bin. Bin 3 starts at 16 + 3 * 72.8 = 234.4; bin 9 at 671.2.
        var bars = Bars(svg).ToDictionary(b => (string)b.Attribute("data-bin")!);
        Assert.Equal(["0", "3", "9"], bars.Keys.Order());
        Assert.Equal("16", (string?)bars["0"].Attribute("x"));
        Assert.Equal("234.4", (string?)bars["3"].Attribute("x"));
        Assert.Equal("671.2", (string?)bars["9"].Attribute("x"));
        Assert.Equal("2", (string?)bars["3"].Attribute("data-count"));

        // The tallest bar (two values) is the full 44; one value is half of it. Row 0's baseline is
        // top 34 + label 18 + bars 44 = 96.
        Assert.Equal("44", (string?)bars["3"].Attribute("height"));
        Assert.Equal("52", (string?)bars["3"].Attribute("y"));
        Assert.Equal("22", (string?)bars["0"].Attribute("height"));
        Assert.Equal("74", (string?)bars["0"].Attribute("y"));
    }

    [Fact]
    public void MarksAndTicks_StandAtTheirValues()
    {
        var svg = Parse(HistogramSvg.Render(Linear, [new("row", [1.0])]));
        var mark = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "mark");
        Assert.Equal("five", mark.Element(Svg + "text")!.Value);
        // 5 is half-way: 16 + 728 / 2.
        Assert.All(mark.Elements(Svg + "line"), l => Assert.Equal("380", (string?)l.Attribute("x1")));
        // Ticks at both ends are drawn too.
        var ticks = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "axis").Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["0", "5", "10", "value, ms"], ticks);
    }

    [Fact]
    public void LogAxis_PutsEachDecadeInFourBins()
    {
        var a = Thread2.Axis;
        Assert.Equal(6, a.BinOf(0.5));    // log10(0.5) = -0.301: (2 - 0.301) / 5 * 20 = 6.8
        Assert.Equal(4, a.BinOf(0.1));    // on an edge: the bin above
        Assert.Equal(0, a.BinOf(0.01));
        Assert.Equal(19, a.BinOf(999));
        Assert.Equal(a.Over, a.BinOf(1000));
        Assert.Equal(PlotAxis.Under, a.BinOf(0));
        var g = HistogramSvg.Layout(Thread2, [new("row", [1.0])]);
        // 100 ms is four decades of five along: 16 + 0.8 * 728.
        Assert.Equal(598.4, g.X(100), 6);
        Assert.True(g.X(0.2) < g.X(0.3) && g.X(0.3) < g.X(30), "the axis runs left to right");
    }

    [Fact]
    public void NothingMeasured_DrawsNothing()
    {
        Assert.Null(HistogramSvg.Render(Linear, []));
        Assert.Null(HistogramSvg.Render(Linear, [new("empty", []), new("also empty", [])]));
        Assert.Null(HistogramSvg.Render(Linear, [new("not a number", [double.NaN])]));

        // A row without values is left out of a plot that has others.
        var svg = Parse(HistogramSvg.Render(Linear, [new("empty", []), new("full", [1.0])]));
        Assert.Equal(["full"], svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "row").Select(g => (string)g.Attribute("data-series")!));
    }

    [Fact]
    public void Extremes_AreCountedInLabelledSlotsInsideThePicture()
    {
        double?[] values = [1e6, double.PositiveInfinity, 2000, 0, -3, null, 0.5];
        string text = HistogramSvg.Render(Thread2, [new("change", values)])!;
        var svg = Parse(text);
        var slots = Bars(svg).Where(b => ((string)b.Attribute("class")!).Contains("clipped", StringComparison.Ordinal)).ToDictionary(b => (string)b.Attribute("data-bin")!, b => (string)b.Attribute("data-count")!);
        Assert.Equal(new Dictionary<string, string> { ["under"] = "2", ["over"] = "3", ["never"] = "1" }, slots);

        // Each slot is named under the axis and its count written on it.
        var axis = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "slot").Select(t => t.Value).ToList();
        Assert.Equal(["< 0.01", "≥ 1000", "never"], axis);
        Assert.Equal(["2", "3", "1"], svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "count").Select(t => t.Value));

        // Nothing is drawn off the picture, however far out the value.
        foreach (var r in svg.Descendants(Svg + "rect").Where(r => r.Attribute("x") is not null))
        {
            double x = D(r, "x"), w = D(r, "width");
            Assert.True(x >= 0 && x + w <= HistogramSvg.Width, $"a rect from {x} to {x + w} leaves the 0..{HistogramSvg.Width} picture");
        }

        // The one value on the axis keeps its bin, beside the slots.
        Assert.Equal(["6"], Bars(svg).Where(b => (string)b.Attribute("class")! == "bar").Select(b => (string)b.Attribute("data-bin")!));
        Assert.Contains("n = 7, median 2000 ms", text, StringComparison.Ordinal); // -3, 0, 0.5, 2000, 1e6, inf: the upper median
    }

    [Fact]
    public void Slots_AppearOnlyForWhatIsThere()
    {
        var g = HistogramSvg.Layout(Thread2, [new("change", [0.5, 2.0])]);
        Assert.Null(g.UnderX);
        Assert.Null(g.OverX);
        Assert.Null(g.NeverX);
        Assert.Equal(HistogramSvg.Left, g.MainLeft);

        var clipped = HistogramSvg.Layout(Thread2, [new("change", [0.5, null])]);
        Assert.NotNull(clipped.NeverX);
        Assert.True(clipped.MainLeft + clipped.MainWidth < clipped.NeverX, "the never slot stands right of the axis");
    }

    [Fact]
    public void Picture_IsNamedDescribedAndLoadsNothing()
    {
        string text = HistogramSvg.Render(Thread2, [new("ready watch added", [0.2, 0.4, null])])!;
        var svg = Parse(text);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        var ids = ((string)svg.Attribute("aria-labelledby")!).Split(' ');
        Assert.Equal(["plot-THREAD-2-title", "plot-THREAD-2-desc"], ids);
        Assert.Equal(Thread2.Title, svg.Descendants().Single(e => (string?)e.Attribute("id") == ids[0]).Value);
        string desc = svg.Descendants().Single(e => (string?)e.Attribute("id") == ids[1]).Value;
        Assert.Contains("ready watch added: n = 3, median 0.4 ms", desc, StringComparison.Ordinal);
        Assert.Contains("1 never", desc, StringComparison.Ordinal);
        Assert.Contains("wake-up latency, ms (log scale)", svg.Descendants(Svg + "text").Select(t => t.Value));
        // Every bar says its count when hovered.
        Assert.All(Bars(svg), b => Assert.Matches(@"^\d+ wake-ups ", b.Element(Svg + "title")!.Value));

        // Nothing to fetch or run: the only address is the SVG namespace.
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, text.Split("http").Length - 1);
    }

    private static IEnumerable<XElement> Bars(XElement svg) =>
        svg.Descendants(Svg + "rect").Where(r => ((string?)r.Attribute("class"))?.StartsWith("bar", StringComparison.Ordinal) == true);

    private static XElement Parse(string? svg)
    {
        Assert.NotNull(svg);
        return XElement.Parse(svg);
    }

    private static double D(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);
}
