using System.Runtime.CompilerServices;

namespace ConformanceKit.Harness.Mutants;

/// <summary>A decorated loop that hands out ids of its own and translates them to and from the
/// reference loop's: the base of mutants whose bug is in the ids.</summary>
/// <remarks>
/// Every live id maps to one registration of <see cref="DecoratedLoop.Inner"/>; callbacks are
/// given the id this layer handed out. A mutant decides which id a new registration gets
/// (<see cref="Issue"/>); two live registrations may end up with the same id, in which case the
/// newer one owns it (as in a table keyed by id) and the older one is still dispatched under it.
/// Update and remove of an id this layer does not hold never reach the reference loop (its ids
/// mean something else), so they change nothing and remove returns -1, unless a mutant says otherwise.
/// </remarks>
internal abstract class RenumberingLoop(TimeProvider time) : DecoratedLoop(time)
{
    /// <summary>The ids of one kind (watches or timers).</summary>
    protected sealed class IdSpace
    {
        /// <summary>Live ids handed out by this layer, to the reference loop's id.</summary>
        public Dictionary<int, int> Live { get; } = [];

        /// <summary>Ids handed out so far, live or not.</summary>
        public int IssuedCount { get; set; }
    }

    protected IdSpace Watches { get; } = new();

    protected IdSpace Timers { get; } = new();

    /// <summary>The id to hand out for a registration the reference loop numbered <paramref name="inner"/>.</summary>
    protected abstract int Issue(IdSpace space, int inner);

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        var outer = new StrongBox<int>();
        int inner = Inner.AddHandle(fd, events, (_, f, ev, o) => callback(outer.Value, f, ev, o), opaque, ff);
        return Bind(Watches, inner, outer);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        var outer = new StrongBox<int>();
        int inner = Inner.AddTimeout(frequency, (_, o) => callback(outer.Value, o), opaque, ff);
        return Bind(Timers, inner, outer);
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        if (Watches.Live.TryGetValue(watch, out int inner))
        {
            Inner.UpdateHandle(inner, events);
        }
        else
        {
            UpdateOfUnknown(Watches, watch, (int)events);
        }
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (Timers.Live.TryGetValue(timer, out int inner))
        {
            Inner.UpdateTimeout(inner, frequency);
        }
        else
        {
            UpdateOfUnknown(Timers, timer, frequency);
        }
    }

    public override int RemoveHandle(int watch) => Remove(Watches, watch, Inner.RemoveHandle);

    public override int RemoveTimeout(int timer) => Remove(Timers, timer, Inner.RemoveTimeout);

    /// <summary>An update named an id this layer does not hold: by default nothing happens.</summary>
    protected virtual void UpdateOfUnknown(IdSpace space, int id, int value)
    {
    }

    /// <summary>Makes <paramref name="outer"/> name the reference loop's registration <paramref name="inner"/>.</summary>
    protected static void Rebind(IdSpace space, int outer, int inner) => space.Live[outer] = inner;

    private int Bind(IdSpace space, int inner, StrongBox<int> outer)
    {
        if (inner < 0)
        {
            return inner;
        }

        outer.Value = Issue(space, inner);
        space.IssuedCount++;
        space.Live[outer.Value] = inner;
        return outer.Value;
    }

    private static int Remove(IdSpace space, int outer, Func<int, int> remove)
    {
        if (!space.Live.TryGetValue(outer, out int inner))
        {
            return -1;
        }

        int result = remove(inner);
        if (result == 0)
        {
            space.Live.Remove(outer);
        }

        return result;
    }
}
