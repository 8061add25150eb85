using System.Xml;
using System.Xml.Linq;
using ConformanceKit.Harness.Cases;
using ConformanceKit.Harness.Rules;

namespace ConformanceKit.Tests.Reports;

/// <summary>junit.xml parses with an XML parser and has the structure CI systems load: testsuites,
/// testsuite with counts, one testcase per rule and per named case, failures carrying the story.</summary>
/// <remarks>No JUnit XSD ships in a package this build can restore, so the structure is checked
/// here element by element, as the common Jenkins/Ant schema describes it.</remarks>
[Collection(ReportsCollection.Name)]
public sealed class JUnitReportTests
{
    private static XDocument Load(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    [Fact]
    public void JUnit_Parses_WithOneTestcasePerRuleAndPerNamedCase()
    {
        foreach (var w in new[] { ReportRuns.Ref, ReportRuns.Ff })
        {
            var doc = Load(w.File("junit.xml"));
            var root = doc.Root!;
            Assert.Equal("testsuites", root.Name.LocalName);
            var suites = root.Elements("testsuite").ToList();
            Assert.Equal(2, suites.Count);
            Assert.Equal(RuleCatalogue.All.Length, suites[0].Elements("testcase").Count());
            Assert.Equal(NamedCases.All.Length, suites[1].Elements("testcase").Count());
            foreach (var s in suites)
            {
                var cases = s.Elements("testcase").ToList();
                Assert.Equal(cases.Count, (int)s.Attribute("tests")!);
                Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)s.Attribute("failures")!);
                Assert.Equal(cases.Count(c => c.Element("error") is not null), (int)s.Attribute("errors")!);
                Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int)s.Attribute("skipped")!);
                Assert.All(cases, c =>
                {
                    Assert.False(string.IsNullOrEmpty((string?)c.Attribute("name")));
                    Assert.False(string.IsNullOrEmpty((string?)c.Attribute("classname")));
                    Assert.True(double.TryParse((string?)c.Attribute("time"), System.Globalization.CultureInfo.InvariantCulture, out _));
                    Assert.True(c.Elements().Count(e => e.Name.LocalName is "failure" or "error" or "skipped") <= 1);
                });
            }

            Assert.Equal(suites.Sum(s => (int)s.Attribute("tests")!), (int)root.Attribute("tests")!);
            Assert.Equal(suites.Sum(s => (int)s.Attribute("failures")!), (int)root.Attribute("failures")!);
        }
    }

    [Fact]
    public void FailingRule_CarriesTheStory_NotRunIsSkipped()
    {
        var doc = Load(ReportRuns.Ff.File("junit.xml"));
        var free3 = doc.Descendants("testcase").Single(c => ((string)c.Attribute("name")!).StartsWith("FREE-3 ", StringComparison.Ordinal));
        var failure = free3.Element("failure")!;
        Assert.Contains("<-- FREE-3", failure.Value, StringComparison.Ordinal);
        Assert.Contains("replay:", failure.Value, StringComparison.Ordinal);

        var thread1 = doc.Descendants("testcase").Single(c => ((string)c.Attribute("name")!).StartsWith("THREAD-1 ", StringComparison.Ordinal));
        Assert.NotNull(thread1.Element("skipped"));
    }
}
