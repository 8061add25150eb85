using ConformanceKit.Harness.Mutants;

namespace ConformanceKit.Tests.Engine;

/// <summary>A correct loop that takes other allowed outcomes than the reference loop: it catches
/// what a callback throws and goes on (LIFE-2; the reference lets it out of RunOnce), and when
/// disposed it calls the ff of every registration still live (LIFE-1; the reference calls none).
/// Everything else is the reference loop's.</summary>
public sealed class ChoosesOtherwiseLoop(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Dictionary<(bool Timer, int Id), (FreeCallback Ff, object? Opaque)> _live = [];

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(false, Inner.AddHandle(fd, events, (w, f, ev, o) => Caught(() => callback(w, f, ev, o)), opaque, ff), ff, opaque);

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff) =>
        Keep(true, Inner.AddTimeout(frequency, (t, o) => Caught(() => callback(t, o)), opaque, ff), ff, opaque);

    public override int RemoveHandle(int watch) => Forget(false, watch, Inner.RemoveHandle(watch));

    public override int RemoveTimeout(int timer) => Forget(true, timer, Inner.RemoveTimeout(timer));

    public override void Dispose()
    {
        base.Dispose();
        foreach (var (ff, opaque) in _live.Values)
        {
            ff(opaque);
        }

        _live.Clear();
    }

    private int Keep(bool timer, int id, FreeCallback? ff, object? opaque)
    {
        if (id > 0 && ff is not null)
        {
            _live[(timer, id)] = (ff, opaque);
        }

        return id;
    }

    private int Forget(bool timer, int id, int result)
    {
        if (result == 0)
        {
            _live.Remove((timer, id));
        }

        return result;
    }

    private static void Caught(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception)
        {
            // Dropped on purpose: this loop's choice is to go on (LIFE-2).
        }
    }
}
