#pragma warning disable RS0030 // wall clock allowed in this file: the trial loop that reads the adapter's hello runs in real time, before any scenario

namespace ConformanceKit.Harness.Bridge;

/// <summary>What protocol version 1 cannot judge of a bridged loop, in any language.</summary>
internal static class BridgeLimits
{
    /// <summary>Why the THREAD rules and FREE-5 are not-run for a Perl loop: the threaded tier runs
    /// over the bridge only where the language has threads that call the loop (Python).</summary>
    public const string PerlThreadedNotRun = "threaded tier not run for Perl loops: a Sys::Virt program runs its Perl on one thread (a Perl interpreter is not shared between threads), so no other thread ever calls the loop";

    /// <summary>Rules protocol version 1 cannot judge: the loop polls the adapter's copies of the
    /// fds (SCM_RIGHTS duplicates), which the harness neither closes nor sees.</summary>
    public static IReadOnlyDictionary<string, string> NotJudged { get; } = new Dictionary<string, string>
    {
        ["HANDLE-10"] = "not judged over the bridge: the loop's fds are the adapter's copies, which the harness does not see closed or replaced (protocol version 1)",
        ["LIFE-3"] = "not judged over the bridge: closing the harness's end leaves the adapter's copy open, so the loop never meets a closed fd (protocol version 1)",
        ["LIFE-4"] = "not judged over the bridge: fds the loop opens are in the adapter's process, which the harness does not count (protocol version 1)",
    };

    /// <summary>Starts (or reuses) the adapter and makes one trial loop, so that a file, class or
    /// step that does not exist is bad input now, not a crash of every case.</summary>
    /// <param name="kind">The loop kind's prefix ("python:").</param>
    /// <param name="caveats">Notes the report adds to rules whose verdict this kind's binding changes.</param>
    /// <param name="threadedNotRun">Why this kind has no threaded tier; null: the threaded tier's
    /// loops open threaded sessions (docs/bridge-protocol.md).</param>
    public static Loading.LoadedLoop Load(string spec, string kind, string interpreter, string script, string loopArg,
        IReadOnlyDictionary<string, string>? caveats, string? threadedNotRun)
    {
        if (!File.Exists(script))
        {
            throw new Loading.BadInputException($"{spec}: the adapter {script} is missing beside the tool");
        }

        new BridgedLoop(BridgeAdapter.For(kind, interpreter, script, loopArg), TimeProvider.System).Dispose();
        return new Loading.LoadedLoop(spec, t => new BridgedLoop(BridgeAdapter.For(kind, interpreter, script, loopArg), t, threaded: Threaded.ThreadedTier.ForThreads(t)), true)
        {
            ThreadedNotRun = threadedNotRun,
            NotJudged = NotJudged,
            Caveats = caveats,
        };
    }
}
