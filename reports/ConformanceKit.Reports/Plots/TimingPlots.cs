using System.Collections.Immutable;
using System.Text;
using ConformanceKit.Harness.Engine;
using static ConformanceKit.Reports.HtmlAssets;

namespace ConformanceKit.Reports.Plots;

/// <summary>report.html's "Timing at a glance": a histogram for each rule the real-clock tiers
/// measured (THREAD-2's wake-up latencies, TIMER-3's fires against their due time, FREE-6's
/// iterations from remove to ff). A rule nothing measured gets no plot; with none, no section.</summary>
public static class TimingPlots
{
    /// <summary>The plot of each measured rule, by rule id.</summary>
    public static ImmutableDictionary<string, PlotSpec> Specs { get; } = new Dictionary<string, PlotSpec>
    {
        // Latencies run from microseconds (a loop woken by an eventfd) to THREAD-2's bound and past
        // it: only a log scale shows both.
        ["THREAD-2"] = new("plot-THREAD-2", "THREAD-2: how long a blocked loop took to act on a change made from another thread",
            new PlotAxis("wake-up latency, ms (log scale)", 0.01, 1000, 20, Log: true, [0.01, 0.1, 1, 10, 100, 1000], "< 0.01", "≥ 1000"),
            "ms", "wake-ups", [new(Harness.Model.Tolerance.WakeupBoundMs, $"bound on the median: {Harness.Model.Tolerance.WakeupBoundMs} ms")]),

        // One bin per millisecond, centred on it; the lines sit on bin edges so that they never
        // hide a bar: at or after due is right of "due", within libvirt's tolerance right of it.
        ["TIMER-3"] = new("plot-TIMER-3", "TIMER-3: when periodic timers fired, against their due time",
            new PlotAxis("fire time minus due time, ms (negative: early)", -25.5, 25.5, 51, Log: false, [-20, -10, 0, 10, 20], "< -25", "> 25"),
            "ms", "fires", [new(-0.5, "due"), new(-Harness.Model.Tolerance.EarlyFireMs - 0.5, $"{Harness.Model.Tolerance.EarlyFireMs} ms early (libvirt's tolerance)")]),

        ["FREE-6"] = new("plot-FREE-6", "FREE-6: iterations from a remove to its free callback",
            new PlotAxis("iterations from the remove to its ff", -0.5, 5.5, 6, Log: false, [0, 1, 2, 3, 4, 5], "< 0", "≥ 6"),
            "iterations", "ffs", [new(2.5, "FREE-6: within two iterations")], NeverLabel: "no ff"),
    }.ToImmutableDictionary();

    /// <summary>What a figure's caption adds to its title.</summary>
    private static readonly ImmutableDictionary<string, string> Captions = new Dictionary<string, string>
    {
        ["THREAD-2"] = "Each change was made while the loop had nothing to do; the time is until its callback (or ff) ran, on the real clock. \"never\": not within the case's patience.",
        ["TIMER-3"] = "The harness's reading of the real clock when the callback ran (within a couple of ms of the loop's own), minus the due time. Early by more than the tolerance fails TIMER-3; late is not bounded on the real clock.",
        ["FREE-6"] = "Counted in loop iterations, from the iteration of the remove to the one the ff ran in. \"no ff\": it had not run when the loop was disposed (FREE-2).",
    }.ToImmutableDictionary();

    /// <summary>The rows of a rule's plot: one per series, in the order each first appeared.</summary>
    public static IReadOnlyList<PlotRow> Rows(RuleResult x) =>
        [.. x.Measurements.GroupBy(m => m.Series).Select(g => new PlotRow(g.Key, [.. g.Select(m => m.Value)]))];

    /// <summary>Appends the section, or nothing when no rule has a measurement to plot.</summary>
    public static void Section(StringBuilder h, CertificationResult r)
    {
        var figures = Measurements.Rules
            .Select(id => r.Rules.FirstOrDefault(x => x.Rule.Id == id))
            .OfType<RuleResult>()
            .Where(x => x.Judged && Specs.ContainsKey(x.Rule.Id))
            .Select(x => (Rule: x, Svg: HistogramSvg.Render(Specs[x.Rule.Id], Rows(x))))
            .Where(f => f.Svg is not null)
            .ToList();
        if (figures.Count == 0)
        {
            return;
        }

        h.Append("<section id=\"timing\"><h2>Timing at a glance</h2><p class=\"note\">What the real-clock tiers measured. A bar's height is its count, relative to the tallest bar of its row; "
            + "the hatched slots count what lies beyond the axis; hover a bar for its count.</p>\n");
        foreach (var (x, svg) in figures)
        {
            string id = E(x.Rule.Id);
            string kept = x.Measured > x.Measurements.Length ? $" The first {x.Measurements.Length} of {x.Measured} values are shown." : string.Empty;
            h.Append($"<figure class=\"plot\" id=\"timing-{id}\"><figcaption><a href=\"#rule-{id}\">{id}</a>: {E(Specs[x.Rule.Id].Title[(x.Rule.Id.Length + 2)..])}. "
                + $"<span class=\"note\">{E(Captions[x.Rule.Id])}{E(kept)}</span></figcaption>{svg}</figure>\n");
        }

        h.Append("</section>\n");
    }
}
