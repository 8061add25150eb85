namespace ConformanceKit.Harness.Isolation;

/// <summary>What ended a child worker, in words, from what really happened: the mark the child left
/// (an allocation failed, an unhandled exception), what the runtime wrote to stderr as it died
/// (Environment.FailFast's message, "Stack overflow."), and the exit status (a signal).</summary>
internal static class ChildEnd
{
    /// <summary>The reason, e.g. <c>Environment.FailFast("boom") (SIGABRT)</c> or
    /// <c>out of memory (limit 256 MB): an allocation failed (OutOfMemoryException)</c>.</summary>
    /// <param name="exitCode">The child's exit code (128 + N: signal N), null if unknown.</param>
    /// <param name="stderr">The last lines the child wrote to stderr.</param>
    /// <param name="crumbs">What the child left in its breadcrumb, if anything.</param>
    /// <param name="limitMb">The child's memory limit.</param>
    public static string Describe(int? exitCode, IReadOnlyList<string> stderr, Crumbs? crumbs, int? limitMb)
    {
        string signal = exitCode is > 128 and < 160 ? $" ({SignalName(exitCode.Value - 128)})" : string.Empty;
        string limit = limitMb is { } mb ? $" (limit {mb} MB)" : string.Empty;
        if (crumbs?.OutOfMemory == true || exitCode == UnitWorker.OutOfMemoryExit)
        {
            return $"out of memory{limit}: an allocation failed (OutOfMemoryException)";
        }

        if (FailFast(stderr) is { } message)
        {
            return $"Environment.FailFast(\"{message}\"){signal}";
        }

        int overflow = IndexOf(stderr, "Stack overflow.");
        if (overflow >= 0)
        {
            string? frame = stderr.Skip(overflow).FirstOrDefault(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal))?.Trim();
            return $"stack overflow{(frame is null ? string.Empty : $", {frame}")}{signal}";
        }

        if (crumbs?.Text is { } text)
        {
            return text + signal;
        }

        if (stderr.FirstOrDefault(l => l.StartsWith("Unhandled exception. ", StringComparison.Ordinal)) is { } unhandled)
        {
            return "unhandled " + unhandled["Unhandled exception. ".Length..].Trim() + signal;
        }

        if (stderr.Any(l => l.Contains("OutOfMemory", StringComparison.Ordinal) || l.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)))
        {
            return $"out of memory{limit}: the runtime could not allocate{signal}";
        }

        return exitCode switch
        {
            null => "the worker process ended",
            137 => "killed by SIGKILL (the kernel's OOM killer, or another process)",
            > 128 and < 160 => $"killed by {SignalName(exitCode.Value - 128)}",
            _ => $"the worker exited with code {exitCode}{(stderr.Count > 0 ? $": {stderr[^1].Trim()}" : string.Empty)}",
        };
    }

    /// <summary>The message of Environment.FailFast: the runtime writes "Process terminated." and the
    /// message (on the same line or the next ones), then the stack ("   at ...").</summary>
    private static string? FailFast(IReadOnlyList<string> stderr)
    {
        int i = IndexOf(stderr, "Process terminated.");
        if (i < 0)
        {
            return null;
        }

        var parts = new List<string>();
        string first = stderr[i][(stderr[i].IndexOf("Process terminated.", StringComparison.Ordinal) + "Process terminated.".Length)..].Trim();
        if (first.Length > 0)
        {
            parts.Add(first);
        }

        for (int k = i + 1; k < stderr.Count && !stderr[k].TrimStart().StartsWith("at ", StringComparison.Ordinal); k++)
        {
            parts.Add(stderr[k].Trim());
        }

        return string.Join(" ", parts.Where(p => p.Length > 0));
    }

    private static int IndexOf(IReadOnlyList<string> lines, string text)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public static string SignalName(int n) => n switch
    {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => $"signal {n}",
    };
}
