using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Engine;

/// <summary>A loop written here, not taken from the mutant catalogue, with one deliberate bug:
/// it reports the events of the fd but drops Error (as loops built on select readers do).</summary>
public sealed class DropsErrorLoop(TimeProvider time) : DecoratedLoop(time)
{
    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Inner.AddHandle(fd, events, (w, f, e, o) =>
        {
            if ((e & ~HandleEvents.Error) != HandleEvents.None)
            {
                callback(w, f, e & ~HandleEvents.Error, o);
            }
        }, opaque, ff);
}

/// <summary>A correct loop as a third party would ship it: public, TimeProvider constructor.</summary>
public sealed class ThirdPartyStyleLoop(TimeProvider time) : DecoratedLoop(time);

/// <summary>Not a loop at all: certify must refuse it with exit 2.</summary>
public sealed class NotALoop;

/// <summary>A loop without a usable constructor (neither TimeProvider nor none): certify must
/// refuse it with exit 2.</summary>
public sealed class NoUsableConstructorLoop(int unused) : DecoratedLoop(TimeProvider.System)
{
    public int Unused { get; } = unused;
}

/// <summary>Correct in every rule, but opens an eventfd it never closes, once per loop: the fd
/// check after each unit must report it (LIFE-1).</summary>
public sealed class LeaksAnFdLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly int _leaked = ConformanceKit.Native.Fd.EventFd();

    public int Leaked => _leaked;
}
