using System.Diagnostics;

namespace ConformanceKit.Tests.Engine;

/// <summary>Runs a process a test needs (the tool, bash, dotnet pack) with both outputs read, and
/// never waits for it forever.</summary>
internal static class TestProcess
{
    /// <summary>Starts <paramref name="psi"/>, tells <paramref name="started"/> its pid, and waits
    /// up to 120 s; one that runs longer is killed and the test fails naming <paramref name="what"/>.</summary>
    public static (int Exit, string Out, string Err) Run(ProcessStartInfo psi, string what, Action<int>? started = null)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        started?.Invoke(p.Id);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not exit within 120 s");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
