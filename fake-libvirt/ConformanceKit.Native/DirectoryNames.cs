using System.Runtime.InteropServices;

namespace ConformanceKit.Native;

/// <summary>The names in a directory, read with opendir/readdir and nothing else.</summary>
/// <remarks>.NET's directory enumeration stats every symbolic link it meets, and every entry of
/// <c>/proc/self/fd</c> is one: counting a test host's fds that way cost about 1 ms (two stat
/// calls per fd), once before and once after every unit of a certification.</remarks>
public static partial class DirectoryNames
{
    // struct dirent64 on Linux: d_ino (8), d_off (8), d_reclen (2), d_type (1), then d_name.
    private const int NameOffset = 19;

    /// <summary>The names in <paramref name="path"/> other than "." and "..", or null if it cannot be opened.</summary>
    public static List<string>? Read(string path)
    {
        nint dir = opendir(path);
        if (dir == 0)
        {
            return null;
        }

        try
        {
            var names = new List<string>();
            while (readdir64(dir) is var entry && entry != 0)
            {
                string name = Marshal.PtrToStringUTF8(entry + NameOffset) ?? string.Empty;
                if (name is not "." and not "..")
                {
                    names.Add(name);
                }
            }

            return names;
        }
        finally
        {
            _ = closedir(dir);
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint opendir(string name);

    [LibraryImport("libc")]
    private static partial nint readdir64(nint dir);

    [LibraryImport("libc")]
    private static partial int closedir(nint dir);
}
