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

    /// <summary>How long the child may be silent on a unit: the case deadline plus slack; for a
    /// native case, the longest its session may take plus slack, so that the child's own verdict
    /// (hang, with the rest of what it measured) comes first.</summary>
    private TimeSpan SilenceFor(WorkUnit u)
    {
        var deadline = options.CaseTimeout ?? CertifyOptions.DefaultCaseTimeout;
        return (u.Kind == UnitKind.Native ? Native.NativeCases.All[u.Index].SessionBound(deadline) : deadline) + Slack;
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

            bool skipGenerated = skip(new WorkUnit(0, UnitKind.Generated, 0));
            using var child = Child.Start(workerAssembly, new WorkerRequest(options, plan[next].Origin, skipGenerated, have));
            while (next < plan.Count && !cancel.IsCancellationRequested)
            {
                if (skip(plan[next]))
                {
                    break; // restart past the skipped units
                }

                var (result, ended) = child.Next(SilenceFor(plan[next]));
                if (result is null)
                {
                    // The child died (crash) or went silent (hang) on the unit it was on.
                    yield return UnitResult.Died(plan[next], hung: !ended);
                    next++;
                    break;
                }

                while (next < plan.Count && plan[next].Origin < result.Unit.Origin)
                {
                    next++; // units the child skipped on its own
                }

                have.AddRange(result.Counterexamples.Select(c => c.RuleId));
                next++;
                yield return result;
            }
        }
    }

    /// <summary>One child process and the lines it writes.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly BlockingCollection<string?> _lines = [];
        private readonly string _requestFile;

        private Child(Process p, string requestFile)
        {
            _process = p;
            _requestFile = requestFile;
            p.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    _lines.Add(null); // end of output: the child exited
                }
                else if (e.Data.StartsWith(UnitWorker.LinePrefix, StringComparison.Ordinal))
                {
                    _lines.Add(e.Data[UnitWorker.LinePrefix.Length..]);
                }
            };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }

        public static Child Start(string workerAssembly, WorkerRequest request)
        {
            string file = Path.Combine(Path.GetTempPath(), $"conformancekit-worker-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
            File.WriteAllText(file, JsonSerializer.Serialize(request, CounterexampleFile.Json));
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(workerAssembly);
            psi.ArgumentList.Add(UnitWorker.Command);
            psi.ArgumentList.Add(file);
            psi.Environment["DOTNET_DbgEnableMiniDump"] = "0";
            psi.Environment["DOTNET_EnableCrashReport"] = "0";
            return new Child(Process.Start(psi) ?? throw new InvalidOperationException("cannot start the worker process"), file);
        }

        /// <summary>The next result; (null, true) when the child exited, (null, false) when it was silent too long.</summary>
        public (UnitResult? Result, bool Ended) Next(TimeSpan silence)
        {
            if (!_lines.TryTake(out var line, silence))
            {
                return (null, false);
            }

            return line is null ? (null, true) : (JsonSerializer.Deserialize<UnitResult>(line, CounterexampleFile.Json), false);
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
        }
    }
}
