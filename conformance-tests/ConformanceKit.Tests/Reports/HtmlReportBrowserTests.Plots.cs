using System.Text.RegularExpressions;

namespace ConformanceKit.Tests.Reports;

/// <summary>The timing plots as Chromium draws them: a copy of the page with a probe added (the
/// report itself needs no script for them) measures each SVG's box and its bars' boxes after
/// layout and records every error and console error or warning the page raised.</summary>
public sealed partial class HtmlReportBrowserTests
{
    /// <summary>Catches errors from the start: script errors, resources that fail (capture phase), console errors and warnings.</summary>
    private const string ErrorProbe = "<script>window.ckErrors=[];addEventListener('error',function(e){ckErrors.push(String(e.message||(e.target&&e.target.outerHTML)))},true);"
        + "['error','warn'].forEach(function(k){var o=console[k];console[k]=function(){ckErrors.push(k+': '+Array.prototype.join.call(arguments,' '));o.apply(console,arguments)}});</script>";

    /// <summary>After layout: "ID WIDTHxHEIGHT content WxH bars N" per plot (N: bars with a non-empty box), then the errors.</summary>
    private const string BoxProbe = "<script>(function(){var out=[].map.call(document.querySelectorAll('svg.plot'),function(s){var r=s.getBoundingClientRect(),b=s.getBBox();"
        + "var bars=[].filter.call(s.querySelectorAll('rect.bar'),function(x){var q=x.getBoundingClientRect();return q.width>0&&q.height>0&&q.left>=r.left&&q.right<=r.right+0.5}).length;"
        + "return s.id+' '+Math.round(r.width)+'x'+Math.round(r.height)+' content '+Math.round(b.width)+'x'+Math.round(b.height)+' bars '+bars});"
        + "var p=document.createElement('pre');p.id='probe';p.textContent=out.join('\\n')+'\\nerrors: '+ckErrors.length+' '+ckErrors.join(' | ');document.body.appendChild(p)})();</script>";

    [SkippableFact]
    public void TimingPlots_RenderWithBoxesAndNoErrors()
    {
        string html = File.ReadAllText(ReportRuns.Threaded.File("report.html"));
        int bars = BarRect().Matches(html).Count;
        Assert.True(bars > 0, "the threaded report has no bars to draw");
        string probe = Path.Combine(ReportRuns.Threaded.Dir, "probe.html");
        File.WriteAllText(probe, html.Replace("<head>", "<head>" + ErrorProbe, StringComparison.Ordinal).Replace("</body>", BoxProbe + "</body>", StringComparison.Ordinal));

        string dom = Browse(probe, "--dump-dom", "--window-size=1280,2000");
        var m = ProbeLine().Match(dom);
        Assert.True(m.Success, "the probe did not run: " + ProbeText().Match(dom).Value);
        int width = int.Parse(m.Groups[1].Value), height = int.Parse(m.Groups[2].Value);
        Assert.InRange(width, 300, 760);                        // laid out at its own width, not collapsed
        Assert.InRange(height, 100, 1000);
        Assert.True(int.Parse(m.Groups[3].Value) > 0 && int.Parse(m.Groups[4].Value) > 0, "the SVG drew nothing: " + m.Value);
        Assert.Equal(bars, int.Parse(m.Groups[5].Value));        // every bar drawn, inside the picture
        Assert.Matches(@"errors: 0 \n?", ProbeText().Match(dom).Value);
        Assert.DoesNotContain("plot-TIMER-3", dom, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(Repo.TestResults, "screenshots"));
        string png = Path.Combine(Repo.TestResults, "screenshots", "report-timing.png");
        Browse(ReportRuns.Threaded.File("report.html"), $"--screenshot={png}", "--window-size=1280,1100");
        Assert.True(new FileInfo(png).Length > 10_000, $"no screenshot at {png}");
    }

    [GeneratedRegex("<rect class=\"bar[ \"]")]
    private static partial Regex BarRect();

    [GeneratedRegex(@"plot-THREAD-2 (\d+)x(\d+) content (\d+)x(\d+) bars (\d+)")]
    private static partial Regex ProbeLine();

    [GeneratedRegex("<pre id=\"probe\">[^<]*</pre>")]
    private static partial Regex ProbeText();
}
