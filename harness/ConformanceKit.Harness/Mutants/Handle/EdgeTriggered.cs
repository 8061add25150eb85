namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>Edge-triggered dispatch: a watch is called back only when what its fd reports changed
/// since the previous iteration, so a socket that stays readable (libvirt reads one message per
/// callback) is reported once and then never again. Loops that put fds in epoll with EPOLLET, or
/// that re-arm only on change, have this bug.</summary>
[Mutant("edge-triggered", "reports readiness only when it changes", "HANDLE-5")]
internal sealed class EdgeTriggered(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<int, (int Iteration, HandleEvents Events)> _seen = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, ev, o) =>
        {
            bool unchanged = _seen.TryGetValue(w, out var last) && last.Iteration == Iteration - 1 && last.Events == ev;
            _seen[w] = (Iteration, ev);
            if (!unchanged) // the bug: no edge, no callback
            {
                callback(w, f, ev, o);
            }
        }, opaque, ff);
}
