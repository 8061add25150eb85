using System.Collections.Concurrent;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Harness.Isolation;

/// <summary>Runs the deterministic tier's units in <c>jobs</c> child workers at once (<c>--jobs</c>)
/// and hands the results on in plan order, exactly those a single job would have produced.</summary>
/// <remarks>
/// <para>The plan is cut into contiguous parts, one child worker (an <see cref="IsolatedExecutor"/>)
/// each, all running at once; a part's results wait in its queue until the parts before it are
/// handed on. Children are processes, not threads, because a unit counts the fds its process holds
/// (LIFE-4, the leak note of LIFE-1): two units in one process would see each other's.</para>
/// <para>Why the results equal one job's: a unit's trace depends only on the unit (each meets a
/// fresh loop, the virtual clock, its own seed). What depends on order is decided here, in plan
/// order, with the consumer's state as one job would have it: whether a unit runs at all
/// (<c>skip</c>: hung runs, short cuts) is asked again as each unit is handed on, and a result
/// one job would not have run is dropped; a unit a child skipped on its own (its own view of
/// what came before is partial) but one job would run is run then, in a child of its own.
/// Counterexamples: each child shrinks the first failure of each rule it sees; the globally first is
/// always among them, and <see cref="RuleTally.OfferCounterexample"/>, offered them in plan order,
/// keeps the one a single job keeps. Extra shrinking costs time, never a different result.</para>
/// <para>One difference is left: a unit's fd leak is noted when the unit before it in its process
/// leaked too, and the first unit of each later part has no such unit.</para>
/// </remarks>
internal sealed class ParallelExecutor(string workerAssembly, CertifyOptions options, int jobs)
{
    /// <summary>No job gets fewer units than this, whatever <c>--jobs</c> asks.</summary>
    public const int MinimumUnitsPerJob = 8;

    /// <summary>Without <c>--jobs</c>, a job only gets this many units or more: below it the
    /// children's start-up (a runtime, its JIT, the results' round trip) costs more than it saves.
    /// On the 2-core machine of docs/benchmarks.md, 500 runs took 5.8 s in two jobs against 4.8 s
    /// in one, 5,000 the same 6.7 s, 20,000 19.2 s against 21.1 s.</summary>
    public const int DefaultUnitsPerJob = 2500;

    /// <summary>How many jobs run <paramref name="units"/> deterministic units: what <c>--jobs</c>
    /// asks, no job under <see cref="MinimumUnitsPerJob"/>; 1 where that leaves fewer than two.</summary>
    /// <remarks>Without <c>--jobs</c>, a loop that runs in this process keeps one job: a child
    /// worker's unit costs half as much CPU again as one run here (its results cross a pipe and are
    /// parsed, and each child JITs the engine anew), so on the 2-core machine of
    /// docs/benchmarks.md two children were slower than this process alone (10,000 runs of the
    /// reference: 5.27 s against 4.69 s; 20,000: 8.07 s against 8.33 s, at twice the CPU and 190 MB
    /// against 109 MB), while a loop that is isolated anyway gained (5.50 s
    /// against 6.23 s). Given explicitly, <c>--jobs</c> is always honoured.</remarks>
    public static int JobsFor(CertifyOptions o, int units)
    {
        if (o.JobsByDefault && o.IsolationWorker is null)
        {
            return 1;
        }

        int perJob = o.JobsByDefault ? DefaultUnitsPerJob : MinimumUnitsPerJob;
        int jobs = Math.Min(o.Jobs, units / perJob);
        return jobs < 2 ? 1 : jobs;
    }

    public IEnumerable<UnitResult> Run(IReadOnlyList<WorkUnit> plan, Func<WorkUnit, bool> skip, CancellationToken cancel)
    {
        var parts = Split(plan, jobs);
        var queues = parts.Select(_ => new BlockingCollection<UnitResult>()).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var threads = parts.Select((part, i) => new Thread(() => Produce(part, i + 1 < parts.Count ? parts[i + 1][0].Origin : null, queues[i], skip, stop.Token))
        {
            IsBackground = true,
            Name = $"job {i + 1}",
        }).ToList();
        threads.ForEach(t => t.Start());
        try
        {
            for (int i = 0; i < parts.Count; i++)
            {
                UnitResult? pending = null;
                foreach (var u in parts[i])
                {
                    if (cancel.IsCancellationRequested)
                    {
                        yield break;
                    }

                    // The part's next result at or after this unit (it may have skipped some).
                    while (pending is null || pending.Unit.Origin < u.Origin)
                    {
                        if (!Take(queues[i], out pending, cancel))
                        {
                            if (_failed is { } e)
                            {
                                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
                            }

                            break;
                        }
                    }

                    if (skip(u))
                    {
                        continue;
                    }

                    if (pending is not null && pending.Unit.Origin == u.Origin)
                    {
                        yield return pending;
                        pending = null;
                        continue;
                    }

                    if (cancel.IsCancellationRequested)
                    {
                        yield break;
                    }

                    // Skipped by its child, run by one job: run it now.
                    foreach (var r in new IsolatedExecutor(workerAssembly, options) { EndBefore = u.Origin + 1 }.Run([u], _ => false, cancel))
                    {
                        yield return r;
                    }
                }
            }
        }
        finally
        {
            stop.Cancel(); // the children still running are stopped by their executors
            threads.ForEach(t => t.Join());
        }
    }

    /// <summary>Contiguous parts of nearly equal size, in plan order.</summary>
    public static List<List<WorkUnit>> Split(IReadOnlyList<WorkUnit> plan, int jobs)
    {
        int n = Math.Clamp(jobs, 1, Math.Max(1, plan.Count));
        var parts = new List<List<WorkUnit>>();
        for (int i = 0, start = 0; i < n; i++)
        {
            int size = (plan.Count - start) / (n - i);
            parts.Add([.. plan.Skip(start).Take(size)]);
            start += size;
        }

        return [.. parts.Where(p => p.Count > 0)];
    }

    // A part whose executor failed (it could not start a child): the run fails as one job's would.
    private volatile Exception? _failed;

    private void Produce(List<WorkUnit> part, int? endBefore, BlockingCollection<UnitResult> queue, Func<WorkUnit, bool> skip, CancellationToken stop)
    {
        try
        {
            foreach (var r in new IsolatedExecutor(workerAssembly, options) { EndBefore = endBefore }.Run(part, skip, stop))
            {
                queue.Add(r, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            _failed = e;
        }
        finally
        {
            queue.CompleteAdding();
        }
    }

    private static bool Take(BlockingCollection<UnitResult> queue, out UnitResult? result, CancellationToken cancel)
    {
        result = null;
        try
        {
            return queue.TryTake(out result, Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
