using System.Net.Sockets;
using System.Text;
using ConformanceKit.Native;

namespace ConformanceKit.Harness.Bridge;

/// <summary>The framing of docs/bridge-protocol.md on one connection: one JSON object per line,
/// an fd attached with SCM_RIGHTS to the line that introduces it.</summary>
internal sealed class BridgeConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly int _side = -1;
    private int _start;
    private int _end;

    /// <param name="sideChannel">Fds go on a side channel: a socketpair whose other end is this
    /// connection's first byte; each fd is then one byte on it, sent ahead of its line.</param>
    public BridgeConnection(string socketPath, bool sideChannel)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        if (sideChannel)
        {
            var (ours, theirs) = Fd.SocketPair();
            _side = ours;
            try
            {
                SendFd(Handle, theirs);
            }
            finally
            {
                Libc.Close(theirs);
            }
        }
    }

    private int Handle => (int)_socket.SafeHandle.DangerousGetHandle();

    /// <summary>Sends one line, with <paramref name="fd"/> attached when it is not -1 (on the
    /// side channel, if there is one, ahead of the line).</summary>
    /// <exception cref="BridgeFaultException">The adapter is gone.</exception>
    public void Send(string line, int fd = -1)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        try
        {
            if (fd >= 0 && _side >= 0)
            {
                SendFd(_side, fd);
                _socket.Send(bytes);
            }
            else if (fd >= 0)
            {
                FdPassing.SendWithFd(Handle, bytes, fd);
            }
            else
            {
                _socket.Send(bytes);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new BridgeFaultException($"the adapter is gone (sending failed: {e.Message})", ended: true);
        }
    }

    /// <summary>The next line (without its newline).</summary>
    /// <exception cref="BridgeFaultException">End of file: the adapter died.</exception>
    public string ReadLine()
    {
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                string line = Encoding.UTF8.GetString(_buffer, _start, nl - _start);
                _start = nl + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new BridgeFaultException($"protocol error: a line longer than {_buffer.Length} bytes: {Encoding.UTF8.GetString(_buffer, 0, 200)}...");
            }

            int n;
            try
            {
                n = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                n = 0;
            }

            if (n == 0)
            {
                throw new BridgeFaultException("the adapter died (end of file on its connection)", ended: true);
            }

            _end += n;
        }
    }

    /// <summary>One zero byte with the fd attached: what IO::FDPass sends and reads.</summary>
    private static void SendFd(int socket, int fd) => FdPassing.SendWithFd(socket, [0], fd);

    public void Dispose()
    {
        _socket.Dispose();
        if (_side >= 0)
        {
            Libc.Close(_side);
        }
    }
}
