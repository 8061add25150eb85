using System.Runtime.InteropServices;
using ConformanceKit;

namespace SampleThirdPartyLoop;

/// <summary>
/// A small event loop written the way a third party might write one: poll(2) over the watched
/// fds, timers in a list, free callbacks deferred to the end of an iteration. It stands in for
/// "your loop" in this sample; the test project next to it certifies it with
/// <c>ConformanceKit.Specification</c>.
/// </summary>
/// <remarks>
/// <para>Design choices, on purpose: a watch whose mask is 0 is not polled at all (as libvirt's
/// own loops do); an fd that poll reports invalid (POLLNVAL) is reported as Error; timers fire
/// before watches, each in id order, at most once per iteration, re-armed from the moment they fire.
/// Ids count up from 1 and are never reused.</para>
/// <para>Free callbacks are batched: they run at the end of the fourth iteration after the
/// removal, not within two iterations as FREE-6 (SHOULD) asks. The sample's test class declares
/// that as an accepted deviation, and the test run shows it as such.</para>
/// <para>It is driven from one thread: it has no wake-up of a blocked poll for changes made by
/// other threads (THREAD-2), so the threaded tier is not its business.</para>
/// </remarks>
public sealed class TinyPollLoop : EventImpl
{
    private const short PollIn = 0x1, PollOut = 0x4, PollErr = 0x8, PollHup = 0x10, PollNval = 0x20;
    private const int FreeDelayIterations = 4;

    private readonly TimeProvider _time;
    private readonly List<Watch> _watches = [];
    private readonly List<Timer> _timers = [];
    private readonly List<(FreeCallback Ff, object? Opaque, long Due)> _frees = [];
    private int _nextWatch = 1;
    private int _nextTimer = 1;
    private long _iteration;
    private int _depth;

    public TinyPollLoop(TimeProvider time) => _time = time;

    public TinyPollLoop()
        : this(TimeProvider.System)
    {
    }

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        var probe = new[] { new PollFd { Fd = fd, Events = PollIn } };
        if (fd < 0 || (Poll(probe, 1, 0) >= 0 && (probe[0].Revents & PollNval) != 0))
        {
            return -1; // not an open fd: refuse, and never call back (IDS-7)
        }

        var w = new Watch(_nextWatch++, fd, events, callback, opaque, ff);
        _watches.Add(w);
        return w.Id;
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        if (_watches.Find(w => w.Id == watch && !w.Removed) is { } w)
        {
            w.Mask = events;
        }
    }

    public override int RemoveHandle(int watch)
    {
        var w = _watches.Find(x => x.Id == watch && !x.Removed);
        if (w is null)
        {
            return -1;
        }

        w.Removed = true;
        _watches.Remove(w);
        Owe(w.Ff, w.Opaque);
        return 0;
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        var t = new Timer(_nextTimer++, callback, opaque, ff);
        Arm(t, frequency);
        _timers.Add(t);
        return t.Id;
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (_timers.Find(t => t.Id == timer && !t.Removed) is { } t)
        {
            Arm(t, frequency);
        }
    }

    public override int RemoveTimeout(int timer)
    {
        var t = _timers.Find(x => x.Id == timer && !x.Removed);
        if (t is null)
        {
            return -1;
        }

        t.Removed = true;
        _timers.Remove(t);
        Owe(t.Ff, t.Opaque);
        return 0;
    }

    public override void RunOnce(TimeSpan maxWait)
    {
        _depth++;
        try
        {
            if (_depth == 1)
            {
                _iteration++;
            }

            var watches = _watches.Where(w => w.Mask != HandleEvents.None).ToList();
            var fds = watches.Select(w => new PollFd { Fd = w.Fd, Events = Native(w.Mask) }).ToArray();
            Poll(fds, fds.Length, WaitMs(maxWait));

            long now = NowMs();
            foreach (var t in _timers.ToList())
            {
                if (!t.Removed && t.Frequency >= 0 && t.DueMs <= now)
                {
                    t.DueMs = now + t.Frequency; // re-armed before the callback, so its own update wins
                    RunTimeoutCallback(t.Id, t.Callback, t.Opaque);
                }
            }

            for (int i = 0; i < watches.Count; i++)
            {
                var w = watches[i];
                var events = FromNative(fds[i].Revents) & (w.Mask | HandleEvents.Error | HandleEvents.Hangup);
                if (!w.Removed && w.Mask != HandleEvents.None && events != HandleEvents.None)
                {
                    RunHandleCallback(w.Id, w.Fd, events, w.Callback, w.Opaque);
                }
            }

            if (_depth == 1)
            {
                RunOwedFrees(all: false);
            }
        }
        finally
        {
            _depth--;
        }
    }

    public override void Dispose()
    {
        RunOwedFrees(all: true); // removed registrations are owed their ff; live ones are not freed
        _watches.Clear();
        _timers.Clear();
        base.Dispose();
    }

    private void Owe(FreeCallback? ff, object? opaque)
    {
        if (ff is not null)
        {
            _frees.Add((ff, opaque, _iteration + FreeDelayIterations));
        }
    }

    private void RunOwedFrees(bool all)
    {
        var due = _frees.Where(f => all || f.Due <= _iteration).ToList();
        _frees.RemoveAll(f => all || f.Due <= _iteration);
        foreach (var (ff, opaque, _) in due)
        {
            FreeCallbackOpaque(ff, opaque);
        }
    }

    private void Arm(Timer t, int frequency)
    {
        t.Frequency = frequency;
        t.DueMs = frequency < 0 ? long.MaxValue : NowMs() + frequency;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private int WaitMs(TimeSpan maxWait)
    {
        long wait = maxWait == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)maxWait.TotalMilliseconds;
        long now = NowMs();
        foreach (var t in _timers.Where(t => t.Frequency >= 0))
        {
            wait = Math.Min(wait, Math.Max(0, t.DueMs - now));
        }

        return wait == long.MaxValue ? -1 : (int)Math.Min(wait, int.MaxValue);
    }

    private static short Native(HandleEvents e) =>
        (short)(((e & HandleEvents.Readable) != 0 ? PollIn : 0) | ((e & HandleEvents.Writable) != 0 ? PollOut : 0));

    private static HandleEvents FromNative(short r) =>
        ((r & PollIn) != 0 ? HandleEvents.Readable : HandleEvents.None)
        | ((r & PollOut) != 0 ? HandleEvents.Writable : HandleEvents.None)
        | ((r & (PollErr | PollNval)) != 0 ? HandleEvents.Error : HandleEvents.None)
        | ((r & PollHup) != 0 ? HandleEvents.Hangup : HandleEvents.None);

    private static int Poll(PollFd[] fds, int count, int timeoutMs)
    {
        int n;
        do
        {
            n = poll(fds, (nuint)count, timeoutMs);
        }
        while (n < 0 && Marshal.GetLastPInvokeError() == 4); // EINTR
        return n;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int poll([In, Out] PollFd[] fds, nuint nfds, int timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private sealed class Watch(int id, int fd, HandleEvents mask, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        public int Id { get; } = id;

        public int Fd { get; } = fd;

        public HandleEvents Mask { get; set; } = mask;

        public HandleCallback Callback { get; } = callback;

        public object? Opaque { get; } = opaque;

        public FreeCallback? Ff { get; } = ff;

        public bool Removed { get; set; }
    }

    private sealed class Timer(int id, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        public int Id { get; } = id;

        public int Frequency { get; set; }

        public long DueMs { get; set; }

        public TimeoutCallback Callback { get; } = callback;

        public object? Opaque { get; } = opaque;

        public FreeCallback? Ff { get; } = ff;

        public bool Removed { get; set; }
    }
}
