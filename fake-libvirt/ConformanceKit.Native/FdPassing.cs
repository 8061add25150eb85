using System.Runtime.InteropServices;

namespace ConformanceKit.Native;

/// <summary>Sends bytes with one fd attached (SCM_RIGHTS) over a Unix stream socket: the bridge's
/// way to give a loop in another process the fake core's real fds. .NET has no managed API for it.</summary>
/// <remarks>The layouts are Linux's on 64-bit targets (x86-64 and arm64 agree): msghdr is 56 bytes,
/// cmsghdr a size_t length followed by two ints, the data 8-byte aligned.</remarks>
public static unsafe partial class FdPassing
{
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int MsgNoSignal = 0x4000;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Len;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLen;
        public IoVec* Iov;
        public nuint IovLen;
        public void* Control;
        public nuint ControlLen;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CmsgFd
    {
        public nuint Len;
        public int Level;
        public int Type;
        public int Fd;
        private readonly int _pad; // CMSG_SPACE(sizeof(int)) is 24
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int socket, MsgHdr* msg, int flags);

    /// <summary>Sends all of <paramref name="data"/>, with <paramref name="fd"/> attached to its
    /// first byte; the rest (if the kernel took only part) follows without it.</summary>
    /// <exception cref="IOException">sendmsg failed (the peer is gone: EPIPE).</exception>
    public static void SendWithFd(int socket, ReadOnlySpan<byte> data, int fd)
    {
        fixed (byte* p = data)
        {
            int sent = 0;
            while (sent < data.Length)
            {
                var iov = new IoVec { Base = p + sent, Len = (nuint)(data.Length - sent) };
                var cmsg = new CmsgFd { Len = (nuint)(sizeof(nuint) + 8 + 4), Level = SolSocket, Type = ScmRights, Fd = fd };
                var msg = new MsgHdr { Iov = &iov, IovLen = 1 };
                if (sent == 0)
                {
                    msg.Control = &cmsg;
                    msg.ControlLen = (nuint)sizeof(CmsgFd);
                }

                nint n = SendMsg(socket, &msg, MsgNoSignal);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw new IOException($"sendmsg failed: errno {errno}");
                }

                sent += (int)n;
            }
        }
    }
}
