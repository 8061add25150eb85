using System.Collections.Concurrent;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Native;

#pragma warning disable RS0030 // wall clock allowed in this file: the threaded tier runs real threads on the real clock

namespace ConformanceKit.Harness.Threaded;

/// <summary>THREAD-1: "the six functions may be called from any thread while the loop runs on
/// its own; no registration is lost or duplicated and ids stay unique." Four threads add and
/// remove timers and watches (on one always-readable eventfd) while the loop dispatches them.</summary>
internal sealed class ConcurrentChurn : ThreadedCase
{
    private const int Threads = 4;

    public override string Id => "THREAD-1/concurrent-add-remove";

    public override string Description => "four threads add and remove frequency-0 timers and ready watches while the loop dispatches them";

    public override string Expectation => "every add returns a fresh live id, every remove returns 0, every ff runs exactly once";

    public override void Run(EventImpl loop, LoopHost host, int schedule, Random plan, List<Fact> facts)
    {
        var probe = new CallbackProbe(() => host.ThreadId);
        // Rounds that start together, so that the threads' adds truly overlap: a registry that
        // races shows it only then. Calls one after another at random moments (20 to 60, then 150
        // to 300 per thread) convicted an unsynchronised registry in only 8 of 10 seeds under load.
        // The adds begun while another was in flight are counted; a schedule that saw none by its
        // planned last round goes on for up to three times as many rounds again (THREAD-1 counts a
        // clean schedule as a check only when some overlapped).
        int rounds = plan.Next(30, 60);
        int[] seeds = [.. Enumerable.Range(0, Threads).Select(_ => plan.Next())];
        var live = new HashSet<(bool Timer, int Id)>();
        var frees = new ConcurrentDictionary<int, int>();
        var removed = new ConcurrentBag<int>();
        int adds = 0, dup = 0, failedAdds = 0, failedRemoves = 0, nextKey = 0, inFlight = 0, overlapping = 0;
        int fd = Fd.EventFd();
        Fd.Signal(fd);
        try
        {
            int started = 0;
            var gate = new RoundGate(Threads, Patience, () =>
            {
                started++; // only ever called by the last thread to arrive, one round at a time
                return started <= rounds || (Volatile.Read(ref overlapping) == 0 && started <= 4 * rounds);
            });
            var workers = seeds.Select(s => new Thread(() =>
            {
                var rnd = new Random(s);
                var mine = new List<(bool Timer, int Id, int Key)>();
                while (gate.Arrive())
                {
                    for (int b = 2 + rnd.Next(7); b > 0; b--)
                    {
                        bool timer = rnd.Next(2) == 0;
                        int key = Interlocked.Increment(ref nextKey);
                        FreeCallback ff = _ => probe.Around(() => frees.AddOrUpdate(key, 1, (_, c) => c + 1));
                        if (Interlocked.Increment(ref inFlight) > 1)
                        {
                            Interlocked.Increment(ref overlapping);
                        }

                        int id = Call(() => timer
                            ? loop.AddTimeout(0, (_, _) => probe.Around(() => { }), key, ff)
                            : loop.AddHandle(fd, HandleEvents.Readable, (_, _, _, _) => probe.Around(() => { }), key, ff));
                        Interlocked.Decrement(ref inFlight);
                        if (id == -1)
                        {
                            Interlocked.Increment(ref failedAdds);
                            continue;
                        }

                        Interlocked.Increment(ref adds);
                        lock (live)
                        {
                            if (!live.Add((timer, id)))
                            {
                                dup++;
                            }
                        }

                        mine.Add((timer, id, key));
                    }

                    // Removed in a random order, while the other threads are still adding.
                    while (mine.Count > 0)
                    {
                        int at = rnd.Next(mine.Count);
                        var (timer, id, key) = mine[at];
                        mine.RemoveAt(at);
                        lock (live)
                        {
                            live.Remove((timer, id));
                        }

                        if (Call(() => timer ? loop.RemoveTimeout(id) : loop.RemoveHandle(id)) == 0)
                        {
                            removed.Add(key);
                        }
                        else
                        {
                            Interlocked.Increment(ref failedRemoves);
                        }
                    }
                }
            }) { IsBackground = true }).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());

            // Deferred ffs may take a while (how promptly is FREE-6's business: libvirt's GLib loops
            // hold them back while anything else is ready, then run them all once idle), so wait for
            // every removed registration's ff while they keep coming, up to the patience; one still
            // missing then counts as a lost registration. Then one more iteration catches an ff
            // called twice.
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            int seen = -1;
            long lastProgressMs = 0;
            while (removed.Any(k => !frees.ContainsKey(k)) && waiting.Elapsed < Patience
                && waiting.ElapsedMilliseconds - lastProgressMs < QuietMs)
            {
                if (frees.Count != seen)
                {
                    seen = frees.Count;
                    lastProgressMs = waiting.ElapsedMilliseconds;
                }

                Thread.Sleep(1);
            }

            WaitOneIteration(loop);

            facts.Add(new ChurnObserved(facts.Count, 0, schedule, Threads, adds, overlapping, dup, failedAdds, failedRemoves,
                removed.Count(k => !frees.ContainsKey(k)), frees.Count(kv => kv.Value > 1)));
            facts.Add(new ConcurrencyObserved(facts.Count, 0, schedule, probe.Count, probe.MaxConcurrent, probe.OffLoopThread));
        }
        finally
        {
            Fd.Close(fd);
        }
    }

    /// <summary>How long the ffs may pause before the ones still missing count as lost.</summary>
    private const long QuietMs = 1000;

    private static int Call(Func<int> f)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return -1;
        }
    }

    /// <summary>Waits until the loop has completed at least one more iteration (a frequency-0 timer
    /// fires twice); false when it did not within the patience (it sleeps through changes).</summary>
    internal static bool WaitOneIteration(EventImpl loop)
    {
        using var twice = new CountdownEvent(2);
        int id = loop.AddTimeout(0, (_, _) =>
        {
            if (!twice.IsSet)
            {
                twice.Signal();
            }
        }, null, null);
        bool ran = twice.Wait(Patience);
        if (id > 0)
        {
            loop.UpdateTimeout(id, -1);
            loop.RemoveTimeout(id);
        }

        return ran;
    }
}
