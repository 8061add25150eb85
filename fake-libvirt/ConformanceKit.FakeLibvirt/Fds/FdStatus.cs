namespace ConformanceKit.FakeLibvirt.Fds;

/// <summary>What became of an fd the fake core gave the loop (HANDLE-10).</summary>
public enum FdStatus : byte
{
    /// <summary>Still open, and still the file the core created (same device and inode).</summary>
    Same,

    /// <summary>The number is not open any more: someone other than the core closed it.</summary>
    Closed,

    /// <summary>The number is open but names another file: closed and reused.</summary>
    Replaced,
}
