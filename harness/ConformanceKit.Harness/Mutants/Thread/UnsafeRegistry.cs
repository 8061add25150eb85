using System.Collections.Immutable;

namespace ConformanceKit.Harness.Mutants.Thread;

/// <summary>Keeps its own id counter and id table with no synchronisation: the counter is read,
/// the registration is made, and the counter is written back; two adds racing on two threads get
/// the same id, and one of the two table entries is lost (it can never be updated or removed, and
/// its ff never runs). Correct on one thread.</summary>
[Mutant("unsafe-registry", "an unsynchronised registry loses registrations under concurrent adds", "THREAD-1", Threaded = true)]
internal sealed class UnsafeRegistry(TimeProvider time) : DecoratedLoop(time)
{
    private readonly Registry _watches = new();
    private readonly Registry _timers = new();

    public override int AddHandle(int fd, HandleEvents events, HandleCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = _watches.Next; // the bug: read ...
        int inner = Inner.AddHandle(fd, events, (_, f, ev, o) => callback(id, f, ev, o), opaque, ff);
        return Register(_watches, id, inner);
    }

    public override int AddTimeout(int frequency, TimeoutCallback callback, object? opaque, FreeCallback? ff)
    {
        int id = _timers.Next;
        int inner = Inner.AddTimeout(frequency, (_, o) => callback(id, o), opaque, ff);
        return Register(_timers, id, inner);
    }

    public override void UpdateHandle(int watch, HandleEvents events)
    {
        if (_watches.Ids.TryGetValue(watch, out int inner))
        {
            Inner.UpdateHandle(inner, events);
        }
    }

    public override void UpdateTimeout(int timer, int frequency)
    {
        if (_timers.Ids.TryGetValue(timer, out int inner))
        {
            Inner.UpdateTimeout(inner, frequency);
        }
    }

    public override int RemoveHandle(int watch) => Remove(_watches, watch, Inner.RemoveHandle);

    public override int RemoveTimeout(int timer) => Remove(_timers, timer, Inner.RemoveTimeout);

    private static int Register(Registry registry, int id, int inner)
    {
        if (inner < 0)
        {
            return -1;
        }

        registry.Next = id + 1;                       // ... write back (lost update)
        registry.Ids = registry.Ids.SetItem(id, inner); // last writer wins (lost entry)
        return id;
    }

    private static int Remove(Registry registry, int id, Func<int, int> remove)
    {
        if (!registry.Ids.TryGetValue(id, out int inner))
        {
            return -1;
        }

        int result = remove(inner);
        if (result == 0)
        {
            registry.Ids = registry.Ids.Remove(id);
        }

        return result;
    }

    private sealed class Registry
    {
        public int Next { get; set; } = 1;

        public ImmutableDictionary<int, int> Ids { get; set; } = ImmutableDictionary<int, int>.Empty;
    }
}
