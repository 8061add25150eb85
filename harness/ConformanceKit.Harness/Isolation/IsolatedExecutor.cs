using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ConformanceKit.Harness.Engine;

namespace ConformanceKit.Harness.Isolation;

/// <summary>The parent side of isolation: runs the plan in a child process and, when the child
/// dies or stops answering, charges the unit it was on (crash or hang) and starts a fresh child
/// at the next unit. The parent never dies with the child.</summary>
public sealed class IsolatedExecutor(string workerAssembly, CertifyOptions options)
{
    /// <summary>Slack on top of the case deadline before the parent gives up on a silent child
    /// (threaded cases wait up to a few patience periods inside one unit).</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(30);

    /// <summary>Its children stop before this origin (one part of a parallel run); null: at the plan's end.</summary>
    public int? EndBefore { get; init; }

    /// <summary>How long the child may be silent on a unit: the case deadline plus slack; for a
    /// native case, the longest its session may take plus slack, so that the child's own verdict
    /// (hang, with the rest of what it measured) comes first.</summary>
    private TimeSpan SilenceFor(WorkUnit u)
    {
        var deadline = options.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout;
        return u.Case.Bound(deadline) + Slack;
    }

    public IEnumerable<UnitResult> Run(IReadOnlyList<WorkUnit> plan, Func<WorkUnit, bool> skip, CancellationToken cancel)
    {
        var have = new List<string>();
        int next = 0;
        while (next < plan.Count && !cancel.IsCancellationRequested)
        {
            while (next < plan.Count && skip(plan[next]))
            {
                next++;
            }

            if (next >= plan.Count)
            {
                yield break;
            }

            bool skipGenerated = skip(new WorkUnit(0, new GeneratedUnit(0)));
            using var child = Child.Start(workerAssembly, new WorkerRequest(options, plan[next].Origin, skipGenerated, have) { MemoryLimitMb = options.MemoryLimitMb, EndBefore = EndBefore });
            while (next < plan.Count && !cancel.IsCancellationRequested)
            {
                if (skip(plan[next]))
                {
                    break; // restart past the skipped units
                }

                var silence = SilenceFor(plan[next]);
                var (result, ended) = child.Next(silence);
                if (result is null)
                {
                    // The child died (crash) or went silent (hang) on the unit it was on: the
                    // breadcrumb says which unit and step, the child's end says what ended it.
                    var crumbs = child.Crumbs();
                    int at = crumbs is { Origin: >= 0 } c && c.Origin > plan[next].Origin ? IndexOf(plan, next, c.Origin) : -1;
                    next = at >= 0 ? at : next;
                    var u = plan[next];
                    if (ended && crumbs is { Phase: ReferenceRun.Phase } && crumbs.Origin == u.Origin)
                    {
                        // The loop's run was over; the reference's killed the worker.
                        yield return ReferenceRun.Died(options, u, ChildEnd.Describe(child.ExitCode(), child.Stderr, crumbs, options.MemoryLimitMb));
                        next++;
                        break;
                    }

                    string place = crumbs is not null && crumbs.Origin == u.Origin ? UnitPlace.Describe(options, u, crumbs.Step, crumbs.Phase) : UnitPlace.Describe(options, u);
                    string what = ended
                        ? ChildEnd.Describe(child.ExitCode(), child.Stderr, crumbs, options.MemoryLimitMb)
                        : $"the worker went silent for {silence.TotalSeconds:0} s (the loop did not return, and the case's own deadline could not end it)";
                    yield return UnitResult.Died(u, hung: !ended, what, place, UnitPlace.Rerun(options, u));
                    next++;
                    break;
                }

                while (next < plan.Count && plan[next].Origin < result.Unit.Origin)
                {
                    next++; // units the child skipped on its own
                }

                result = result with { Unit = result.Unit.BoundTo(plan[next]) };
                have.AddRange(result.Counterexamples.Select(c => c.RuleId));
                next++;
                yield return result;
            }
        }
    }

    private static int IndexOf(IReadOnlyList<WorkUnit> plan, int from, int origin)
    {
        for (int i = from; i < plan.Count; i++)
        {
            if (plan[i].Origin == origin)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One child process and the lines it writes.</summary>
    private sealed class Child : IDisposable
    {
        /// <summary>Stderr lines kept from the start (FailFast's message, the first frames of a stack
        /// overflow) and from the end (what came last).</summary>
        private const int KeptLines = 40;

        private readonly Process _process;
        /// <summary>The child's results as its reader thread parsed them; a null entry: the child's
        /// output ended (it exited).</summary>
        private readonly BlockingCollection<Parsed?> _results = [];

        /// <summary>One line of results, or why it could not be read.</summary>
        private sealed record Parsed(UnitResult? Result, Exception? Error);
        private readonly string _requestFile;
        private readonly string _crumbsFile;
        private readonly List<string> _stderrHead = [];
        private readonly Queue<string> _stderrTail = new();
        private readonly Lock _stderrGate = new();
        private readonly TaskCompletionSource _stderrDone = new();

        private Child(Process p, string requestFile, string crumbsFile)
        {
            _process = p;
            _requestFile = requestFile;
            _crumbsFile = crumbsFile;
            p.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    _stderrDone.TrySetResult();
                    return;
                }

                lock (_stderrGate)
                {
                    if (_stderrHead.Count < KeptLines)
                    {
                        _stderrHead.Add(e.Data);
                        return;
                    }

                    _stderrTail.Enqueue(e.Data);
                    if (_stderrTail.Count > KeptLines)
                    {
                        _stderrTail.Dequeue();
                    }
                }
            };
            // The results are read, and parsed, on a thread of their own: a line a unit, thousands
            // a second. The asynchronous reader (BeginOutputReadLine) took each line through the
            // thread pool, whose workers spin while they wait for the next; with the parsing on
            // the consumer's thread that made an isolated run's parent cost as much CPU as its
            // child (issue 15: --jobs 2 took twice the CPU of one job).
            new Thread(ReadResults) { IsBackground = true, Name = "worker results" }.Start();
            p.BeginErrorReadLine();
        }

        private void ReadResults()
        {
            var stdout = _process.StandardOutput;
            try
            {
                while (stdout.ReadLine() is { } line)
                {
                    if (!line.StartsWith(UnitWorker.LinePrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    try
                    {
                        _results.Add(new Parsed(JsonSerializer.Deserialize<UnitResult>(line.AsSpan(UnitWorker.LinePrefix.Length), CounterexampleFile.Json), null));
                    }
                    catch (JsonException e)
                    {
                        _results.Add(new Parsed(null, e));
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The child was killed and its pipe closed under the reader: its output ended.
            }

            _results.Add(null); // end of output: the child exited
        }

        public static Child Start(string workerAssembly, WorkerRequest request)
        {
            string file = Path.Combine(Path.GetTempPath(), $"conformancekit-worker-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
            string crumbs = Path.ChangeExtension(file, ".crumbs");
            Breadcrumb.Create(crumbs);
            File.WriteAllText(file, JsonSerializer.Serialize(request with { BreadcrumbFile = crumbs }, CounterexampleFile.Json));
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(workerAssembly);
            psi.ArgumentList.Add(UnitWorker.Command);
            psi.ArgumentList.Add(file);
            psi.Environment["DOTNET_DbgEnableMiniDump"] = "0";
            psi.Environment["DOTNET_EnableCrashReport"] = "0";
            // A worker lives for one certification: the instrumented tier that profile-guided
            // optimisation adds costs it more JIT time than the faster code wins back (measured:
            // 30% less CPU for 5000 runs in two workers; docs/benchmarks.md).
            psi.Environment["DOTNET_TieredPGO"] = "0";
            if (request.MemoryLimitMb is { } mb)
            {
                foreach (var (k, v) in MemoryLimit.ChildEnvironment(mb))
                {
                    psi.Environment[k] = v;
                }
            }

            return new Child(Process.Start(psi) ?? throw new InvalidOperationException("cannot start the worker process"), file, crumbs);
        }

        /// <summary>Where the child was (read after it died, or while it hangs).</summary>
        public Crumbs? Crumbs() => Breadcrumb.Read(_crumbsFile);

        /// <summary>The exit code of a child that ended (128 + N when signal N killed it).</summary>
        public int? ExitCode()
        {
            if (!_process.WaitForExit(5000))
            {
                return null;
            }

            _stderrDone.Task.Wait(TimeSpan.FromSeconds(2)); // the last stderr lines arrive after exit
            return _process.ExitCode;
        }

        public IReadOnlyList<string> Stderr
        {
            get
            {
                lock (_stderrGate)
                {
                    return [.. _stderrHead, .. _stderrTail];
                }
            }
        }

        /// <summary>The next result; (null, true) when the child exited, (null, false) when it was silent too long.</summary>
        public (UnitResult? Result, bool Ended) Next(TimeSpan silence)
        {
            if (!_results.TryTake(out var parsed, silence))
            {
                return (null, false);
            }

            if (parsed?.Error is { } error)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }

            return parsed is null ? (null, true) : (parsed.Result, false);
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
            File.Delete(_requestFile);
            File.Delete(_crumbsFile);
        }
    }
}
