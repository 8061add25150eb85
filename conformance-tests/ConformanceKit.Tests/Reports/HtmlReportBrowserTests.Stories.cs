namespace ConformanceKit.Tests.Reports;

/// <summary>report.html's stories as a person reaches and reads them (issue 16, item 6): every
/// "Needs attention" row links to its story (the first story was ~3,500 px down the page), and
/// long story lines wrap in a narrow window instead of being cut.</summary>
public sealed partial class HtmlReportBrowserTests
{
    /// <summary>Measures the rendered page and writes what it found on the root element, so that
    /// --dump-dom returns it. Added to a copy of the report: the report itself carries no test code.</summary>
    private const string Probe = """
        <script>
        (function () {
          var rows = [];
          document.querySelectorAll('#attention tbody tr').forEach(function (tr) {
            var a = tr.querySelector('a.story-link');
            var t = a && document.getElementById(a.getAttribute('href').slice(1));
            rows.push(tr.cells[0].textContent.trim() + '=' + (t ? (t.querySelector('pre.story') ? 'story' : t.tagName.toLowerCase()) : 'none'));
          });
          var wide = 0, overflowing = 0;
          document.querySelectorAll('pre.story').forEach(function (pre) {
            var longest = pre.textContent.split('\n').reduce(function (a, b) { return b.length > a.length ? b : a; }, '');
            var probe = document.createElement('span');
            probe.style.whiteSpace = 'pre';
            probe.textContent = longest;
            pre.appendChild(probe);
            if (probe.getBoundingClientRect().width > pre.clientWidth) { wide++; }
            pre.removeChild(probe);
            if (pre.scrollWidth > pre.clientWidth + 1) { overflowing++; }
          });
          var root = document.documentElement;
          root.setAttribute('data-attention', rows.join(' '));
          root.setAttribute('data-wide-stories', String(wide));
          root.setAttribute('data-overflowing-stories', String(overflowing));
        })();
        </script>
        """;

    [SkippableTheory]
    [InlineData("ff-inside-remove")]
    [InlineData("no-hangup-unless-asked")]
    public void EveryRowThatNeedsAttention_LinksToItsStory_AndLongLinesWrap(string mutant)
    {
        var written = mutant == "ff-inside-remove" ? ReportRuns.Ff : ReportRuns.Hangup;
        string page = Path.Combine(Repo.NewTempDir("probe"), "report.html");
        File.WriteAllText(page, File.ReadAllText(written.File("report.html")).Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        string dom = Browse(page, "--dump-dom", "--window-size=640,900");

        string rows = Attribute(dom, "data-attention");
        Assert.False(string.IsNullOrEmpty(rows), "no row in Needs attention");
        foreach (var row in rows.Split(' '))
        {
            string rule = row.Split('=')[0];
            bool hasStory = written.Result.Rules.Single(r => r.Rule.Id == rule).Counterexample is not null;
            Assert.True(row.EndsWith(hasStory ? "=story" : "=tr", StringComparison.Ordinal) || (!hasStory && row.EndsWith("=article", StringComparison.Ordinal)), $"row {row}: {rows}");
        }

        Assert.NotEqual("0", Attribute(dom, "data-wide-stories")); // some line is wider than the window: the check can fail
        Assert.Equal("0", Attribute(dom, "data-overflowing-stories"));
    }

    private static string Attribute(string dom, string name)
    {
        var m = System.Text.RegularExpressions.Regex.Match(dom, $"{name}=\"([^\"]*)\"");
        Assert.True(m.Success, $"{name} not set: the probe did not run");
        return m.Groups[1].Value;
    }
}
