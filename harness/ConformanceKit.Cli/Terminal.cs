namespace ConformanceKit.Cli;

/// <summary>Whether a person is watching: stdout is a terminal and this is not CI.</summary>
internal static class Terminal
{
    /// <summary>True when the live display may be drawn: stdout is not redirected and CI is not "true".</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
}
