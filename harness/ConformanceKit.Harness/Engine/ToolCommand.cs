namespace ConformanceKit.Harness.Engine;

/// <summary>How to run the conformancekit tool from where a story, report or test message is
/// read: the replay command printed must work there (issue 16, item 5: outside the repository
/// <c>./conformancekit</c> does not exist).</summary>
/// <remarks>
/// <para>Decided once per process tree, in this order: <see cref="Variable"/> when set (the tool
/// sets it at start-up, so its isolated child processes print the same command, and a user may set
/// it); the repository's launcher script (it exports <see cref="LauncherVariable"/>):
/// <c>./conformancekit</c> when the current folder is the script's, its absolute path otherwise;
/// the tool started through its own executable (a <c>dotnet tool install</c> shim): its name when
/// its folder is on PATH, its absolute path otherwise; the tool started as <c>dotnet DLL</c>:
/// that, with the absolute path; anything else (the specification class inside a test run):
/// <c>conformancekit</c>, the installed tool's name.</para>
/// <para>Paths in commands are absolute, so that a command works from any folder.</para>
/// </remarks>
public static class ToolCommand
{
    /// <summary>The command that runs the tool, as this process prints it.</summary>
    public const string Variable = "CONFORMANCEKIT_COMMAND";

    /// <summary>Set by the repository's <c>./conformancekit</c> script to its own absolute path.</summary>
    public const string LauncherVariable = "CONFORMANCEKIT_LAUNCHER";

    private const string ToolName = "conformancekit";

    private static readonly Lazy<string> Detected = new(() => Detect(
        Environment.GetEnvironmentVariable,
        Environment.CurrentDirectory,
        Environment.ProcessPath,
        System.Reflection.Assembly.GetEntryAssembly()?.Location));

    /// <summary>The command that runs the tool here.</summary>
    public static string Current => Detected.Value;

    /// <summary>The command that replays the counterexample file at <paramref name="path"/>.</summary>
    public static string Replay(string path) => $"{Current} replay {Quote(Path.GetFullPath(path))}";

    /// <summary>The command that certifies <paramref name="loop"/> with real libvirt again.</summary>
    public static string CertifyNative(string loop) => Certify($"--loop {Quote(loop)} --tier native");

    /// <summary>The command that runs certify with <paramref name="arguments"/>.</summary>
    public static string Certify(string arguments) => $"{Current} certify {arguments}";

    /// <summary>Decides the command from what a process can see (see the remarks).</summary>
    /// <param name="env">Reads an environment variable.</param>
    /// <param name="cwd">The current folder.</param>
    /// <param name="processPath">The executable that started the process.</param>
    /// <param name="entryAssembly">The entry assembly's file, when the process is the tool.</param>
    public static string Detect(Func<string, string?> env, string cwd, string? processPath, string? entryAssembly)
    {
        if (env(Variable) is { Length: > 0 } set)
        {
            return set;
        }

        if (env(LauncherVariable) is { Length: > 0 } script)
        {
            return SameFolder(Path.GetDirectoryName(script), cwd) ? "./" + Path.GetFileName(script) : Quote(script);
        }

        bool isTool = entryAssembly is not null
            && Path.GetFileNameWithoutExtension(entryAssembly).Equals(ToolName, StringComparison.Ordinal);
        if (!isTool)
        {
            return ToolName;
        }

        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals(ToolName, StringComparison.Ordinal))
        {
            string? dir = Path.GetDirectoryName(processPath);
            bool onPath = (env("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(p => p.Length > 0 && SameFolder(p, dir));
            return onPath ? ToolName : Quote(processPath);
        }

        return $"dotnet {Quote(Path.GetFullPath(entryAssembly!))}";
    }

    /// <summary>Single-quotes a word for a POSIX shell when it needs it.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-:+=@%,".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool SameFolder(string? a, string? b) =>
        a is not null && b is not null
        && Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(b));
}
