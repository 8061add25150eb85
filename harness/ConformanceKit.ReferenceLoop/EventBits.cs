using ConformanceKit.Native;

namespace ConformanceKit.Reference;

/// <summary>Translation between libvirt's event bits and epoll's, and the per-watch filter.</summary>
internal static class EventBits
{
    /// <summary>The bits a caller can ask for.</summary>
    public const HandleEvents Requestable = HandleEvents.Readable | HandleEvents.Writable;

    /// <summary>The bits reported to every non-dormant watch although nobody asks (HANDLE-3).</summary>
    public const HandleEvents Unasked = HandleEvents.Error | HandleEvents.Hangup;

    /// <summary>Every bit the contract defines; anything else in a mask is dropped.</summary>
    public const HandleEvents Defined = Requestable | Unasked;

    /// <summary>The epoll interest set for a mask. Error and hangup need no bit: epoll
    /// always reports them for a registered fd.</summary>
    public static uint ToEpoll(HandleEvents mask)
    {
        uint events = 0;
        if ((mask & HandleEvents.Readable) != 0)
        {
            events |= Libc.EPOLLIN;
        }

        if ((mask & HandleEvents.Writable) != 0)
        {
            events |= Libc.EPOLLOUT;
        }

        return events;
    }

    /// <summary>What epoll reported, in libvirt's bits.</summary>
    public static HandleEvents FromEpoll(uint events)
    {
        HandleEvents result = HandleEvents.None;
        if ((events & Libc.EPOLLIN) != 0)
        {
            result |= HandleEvents.Readable;
        }

        if ((events & Libc.EPOLLOUT) != 0)
        {
            result |= HandleEvents.Writable;
        }

        if ((events & Libc.EPOLLERR) != 0)
        {
            result |= HandleEvents.Error;
        }

        if ((events & Libc.EPOLLHUP) != 0)
        {
            result |= HandleEvents.Hangup;
        }

        return result;
    }

    /// <summary>What one watch is told, given what its fd reported: the requested bits of its
    /// current mask, plus Error/Hangup unasked; nothing at all for a dormant watch
    /// (HANDLE-2, HANDLE-3, HANDLE-4, HANDLE-8).</summary>
    public static HandleEvents ForWatch(HandleEvents reported, HandleEvents mask) =>
        mask == HandleEvents.None
            ? HandleEvents.None
            : (reported & mask & Requestable) | (reported & Unasked);
}
