using System.Collections.Immutable;
using ConformanceKit.Harness.Facts;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Model;

#pragma warning disable RS0030 // wall clock allowed in this file: the threaded tier runs real threads on the real clock

namespace ConformanceKit.Harness.Threaded;

/// <summary>The threaded tier: every threaded case, repeated over schedules, each against a fresh
/// loop running on its own thread with the real clock, under a deadline.</summary>
/// <remarks>The seed fixes each case's plan (how many operations, in which order, which kinds),
/// never the interleaving: the machine schedules the threads. A case that does not finish by its
/// deadline is a hang; the loop instance is abandoned on its background thread.</remarks>
public sealed class ThreadedTier(Func<TimeProvider, EventImpl> createLoop, ScenarioJudge judge, TimeSpan caseTimeout)
{
    /// <summary>A threaded case waits up to a few patience periods by design (a change that never
    /// takes effect, a loop that does not stop); its deadline covers those on top of --timeout, so
    /// that such a loop fails the rule instead of hanging the case.</summary>
    private readonly TimeSpan deadline = caseTimeout + PatienceAllowance;

    /// <summary>What a threaded unit's deadline adds to --timeout.</summary>
    public static readonly TimeSpan PatienceAllowance = 4 * ThreadedCase.Patience;

    /// <summary>The clock a threaded case's loop is made on: the real clock, whose type also tells
    /// a factory that the loop will be called from several threads (a bridged loop then opens a
    /// threaded session: <see cref="ForThreads"/>).</summary>
    public static TimeProvider Clock { get; } = new ThreadsClock();

    /// <summary>The loop is being made for the threaded tier.</summary>
    public static bool ForThreads(TimeProvider clock) => clock is ThreadsClock;

    /// <summary>TimeProvider's own members are the system clock's.</summary>
    private sealed class ThreadsClock : TimeProvider;

    public static ImmutableArray<ThreadedCase> Cases { get; } =
        [new ConcurrentChurn(), new WakeupLatency(), new RemoveRace(), new FreeWaitsForOtherThread()];

    /// <summary>Runs one case on one schedule; null when it hung.</summary>
    public ScenarioOutcome RunOnce(ThreadedCase c, ulong seed, int schedule)
    {
        var facts = new List<Fact>();
        var plan = new Random(unchecked((int)(seed * 0x9E3779B1UL) ^ (schedule * 7919) ^ c.Id.Length));
        using var dog = new Watchdog(deadline);
        EventImpl? made = null;
        bool finished = dog.TryRun(() =>
        {
            var loop = createLoop(Clock);
            made = loop;
            var host = new LoopHost(loop);
            try
            {
                c.Run(loop, host, schedule, plan, facts);
            }
            catch (Exception e)
            {
                facts.Add(new ThreadedCaseThrew(facts.Count, 0, schedule, c.RuleId, $"{Threw(e)} during the case"));
            }

            // What the loop's thread threw is read before an adapter is killed: the kill makes the
            // step it is blocked in throw (a bridge fault, "did not answer in time"), and that is
            // the harness's doing, not the loop's. Read after it, it turned a loop that sleeps
            // through a stop (THREAD-2's fail) into a crash whenever the thread was quick.
            Exception? error = null;
            try
            {
                bool stopped = host.Stop(ThreadedCase.Patience);
                error = host.Error;
                if (stopped)
                {
                    loop.Dispose();
                }
                else
                {
                    facts.Add(new StopIgnored(facts.Count, 0, schedule));
                    // A loop in an adapter is killed, so that its harness thread, blocked in the
                    // step, returns and no process is left behind.
                    (loop as Bridge.IBridgedLoop)?.Abandon();
                }
            }
            catch (Exception e)
            {
                facts.Add(new ThreadedCaseThrew(facts.Count, 0, schedule, c.RuleId, $"{Threw(e)} while stopping or disposing the loop"));
            }

            if (error is not null)
            {
                facts.Add(new ThreadedCaseThrew(facts.Count, 0, schedule, c.RuleId, $"RunOnce threw {Threw(error)}"));
            }
        });
        if (!finished)
        {
            (made as Bridge.IBridgedLoop)?.Abandon();
            return new ScenarioOutcome([], string.Empty, [], ImmutableDictionary<string, int>.Empty, Hung: true);
        }

        lock (facts)
        {
            return judge.JudgeFacts([.. facts]);
        }
    }

    /// <summary>The exception's type; for a bridged loop's adapter that failed, what failed (the
    /// offending line of a protocol error, how the adapter ended, its stderr), as the
    /// deterministic tier's crash says it.</summary>
    private static string Threw(Exception e) =>
        e is Bridge.BridgeFaultException ? $"{e.GetType().Name} (the bridge adapter failed: {e.Message})" : e.GetType().Name;

    /// <summary>The THREAD-2 summary over every wake-up measured.</summary>
    public static WakeupSummary Summarize(IEnumerable<double?> latencies)
    {
        var all = latencies.ToList();
        var seen = all.OfType<double>().Order().ToList();
        return new WakeupSummary(0, 0, all.Count, seen.Count == 0 ? 0 : seen[seen.Count / 2], seen.Count == 0 ? 0 : seen[^1], all.Count - seen.Count,
            seen.Count(ms => ms > Tolerance.WakeupBoundMs));
    }
}
