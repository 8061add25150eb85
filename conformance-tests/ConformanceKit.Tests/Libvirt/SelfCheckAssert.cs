using ConformanceKit.Libvirt.Probes.SelfCheck;

namespace ConformanceKit.Tests.Libvirt;

internal static class SelfCheckAssert
{
    /// <summary>The named check ran and saw what is expected of that loop on this machine.</summary>
    public static CheckResult Matches(SelfCheckReport report, string name)
    {
        CheckResult? c = report.Checks.SingleOrDefault(x => x.Name == name);
        Assert.True(c is not null, $"{report.Loop}: no check named {name}; checks: {string.Join(", ", report.Checks.Select(x => x.Name))}");
        Assert.True(c!.MatchesExpected, $"{report.Loop} (libvirt {report.LibvirtVersion}) {name} [{c.Rule}]\n expected: {c.Expected}\n observed: {c.Observed}");
        return c;
    }
}
