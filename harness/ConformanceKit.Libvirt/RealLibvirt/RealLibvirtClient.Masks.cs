namespace ConformanceKit.Libvirt;

/// <summary>Whether the loop's handle callbacks follow the masks libvirt sets, judged by the client
/// itself: with the loop on a thread of its own, libvirt sets its socket's mask to 0 from the
/// application's thread while that thread waits for a reply, and the reply arrives on the socket
/// meanwhile. The trace of such a session mixes two threads, so the analyzer does not judge it;
/// this check needs no trace.</summary>
/// <remarks>A callback breaches the mask when it carries Readable or Writable that libvirt's last
/// update of that watch had dropped, in an iteration that began after the update returned (the
/// iteration under way may still act on the old mask: HANDLE-6 says "from the next iteration").
/// An update back to a non-zero mask once an iteration has begun since the update to 0 is a
/// witness: the loop polled while libvirt held the socket, and had the chance to get it wrong.</remarks>
public static unsafe partial class RealLibvirtClient
{
    private sealed partial class Session
    {
        private int _maskBreaches;
        private string? _firstBreach;
        private int _maskedIterations;

        private void MaskUpdated(int watch, HandleEvents mask)
        {
            int now = _trace.Iterations;
            lock (_gate)
            {
                if (_liveWatches.TryGetValue(watch, out var native))
                {
                    if (native.MaskSet.Mask == HandleEvents.None && mask != HandleEvents.None && now > native.MaskSet.Iteration)
                    {
                        _maskedIterations++;
                    }

                    native.MaskSet = (mask, now);
                }
            }
        }

        private void CheckMask(NativeOpaque native, HandleEvents events)
        {
            const HandleEvents Asked = HandleEvents.Readable | HandleEvents.Writable;
            int now = _trace.Iterations;
            lock (_gate)
            {
                var (mask, since) = native.MaskSet;
                if ((events & Asked & ~mask) != HandleEvents.None && now > since && native.CallbacksAllowed)
                {
                    _maskBreaches++;
                    _firstBreach ??= $"watch {native.Id} called back with {events} {now - since} iteration(s) after libvirt set its mask to {mask}";
                }
            }
        }

        private MaskCheck Masks()
        {
            lock (_gate)
            {
                return new MaskCheck(_maskedIterations, _maskBreaches, _firstBreach);
            }
        }
    }
}

/// <summary>What the client saw of the masks it set (RealLibvirtClient.Masks.cs).</summary>
/// <param name="Witnesses">Times the mask went back from 0 once an iteration had begun at 0.</param>
/// <param name="Breaches">Callbacks with a bit libvirt's last update had dropped, an iteration or more later.</param>
/// <param name="FirstBreach">The first of them, in one line.</param>
public sealed record MaskCheck(int Witnesses, int Breaches, string? FirstBreach);
