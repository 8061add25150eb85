namespace ConformanceKit.Reports;

/// <summary>Writes a file so that a reader sees the old content or the new, never half: a temp
/// file beside it, then a rename (atomic on one file system).</summary>
public static class AtomicFile
{
    public static void Write(string path, string content) => Write(path, temp => File.WriteAllText(temp, content));

    /// <summary>The same, for content written to a stream as it is made (a large report.json).</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, temp =>
    {
        using var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        write(file);
    });

    private static void Write(string path, Action<string> writeTemp)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        writeTemp(temp);
        File.Move(temp, path, overwrite: true);
    }
}
