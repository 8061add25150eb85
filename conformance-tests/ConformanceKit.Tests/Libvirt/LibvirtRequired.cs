using ConformanceKit.Libvirt;

namespace ConformanceKit.Tests.Libvirt;

/// <summary>The libvirt tier never skips: without libvirt its tests fail, with a message that
/// says what to install.</summary>
internal static class LibvirtRequired
{
    public static void Check(bool needLibvirtGlib = false)
    {
        string? problem = LibvirtAvailability.Problem(needLibvirtGlib);
        if (problem is null)
        {
            return;
        }

        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.Fail($"libvirt tier: {problem}. " + (ci
            ? "CI=true: the libvirt tests fail when libvirt cannot be loaded; they never skip (run-tests.sh installs the packages)."
            : "These tests need libvirt and fail without it; they never skip."));
    }
}

/// <summary>Runs one child process for a whole test class and keeps its report.</summary>
public abstract class ChildReportFixture<T>
    where T : class
{
    private readonly Lazy<(T? Report, string? Error)> _run;

    protected ChildReportFixture(bool needLibvirtGlib, Func<T> run)
    {
        NeedLibvirtGlib = needLibvirtGlib;
        _run = new Lazy<(T?, string?)>(() =>
        {
            if (LibvirtAvailability.Problem(needLibvirtGlib) is not null)
            {
                return (null, null);
            }

            try
            {
                return (run(), null);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                return (null, e.Message);
            }
        });
    }

    public bool NeedLibvirtGlib { get; }

    /// <summary>The report; fails the calling test with a clear message when there is none.</summary>
    public T Report
    {
        get
        {
            LibvirtRequired.Check(NeedLibvirtGlib);
            var (report, error) = _run.Value;
            Assert.True(report is not null, $"the child process produced no report: {error}");
            return report!;
        }
    }
}
