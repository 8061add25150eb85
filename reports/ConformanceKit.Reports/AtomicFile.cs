namespace ConformanceKit.Reports;

/// <summary>Writes a file so that a reader sees the old content or the new, never half: a temp
/// file beside it, then a rename (atomic on one file system).</summary>
public static class AtomicFile
{
    public static void Write(string path, string content)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
