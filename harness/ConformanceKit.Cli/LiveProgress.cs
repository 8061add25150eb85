using ConformanceKit.Harness.Engine;
using Spectre.Console;

namespace ConformanceKit.Cli;

/// <summary>The live display of a certification on an interactive terminal: named cases and runs
/// done, failures so far, elapsed time; redrawn in place by Spectre.Console and cleared at the end,
/// so that what stays on the screen is the same per-rule list a log gets.</summary>
internal static class LiveProgress
{
    public static CertificationResult Run(Func<IProgress<CertifyProgress>, CertificationResult> work)
    {
        var latest = new Latest();
        return AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var cases = ctx.AddTask("named cases");
                var runs = ctx.AddTask("runs");
                var job = Task.Run(() => work(latest));
                while (!job.Wait(TimeSpan.FromMilliseconds(120)))
                {
                    Show(latest.Value, cases, runs);
                }

                Show(latest.Value, cases, runs);
                return job.GetAwaiter().GetResult();
            });
    }

    private static void Show(CertifyProgress? p, ProgressTask cases, ProgressTask runs)
    {
        if (p is null)
        {
            return;
        }

        cases.MaxValue = Math.Max(1, p.CasesTotal);
        cases.Value = p.CasesDone;
        cases.Description = $"named cases {p.CasesDone}/{p.CasesTotal}";
        if (p.CasesDone >= p.CasesTotal && !cases.IsFinished)
        {
            cases.StopTask(); // its elapsed time stops with it
        }

        runs.MaxValue = Math.Max(1, p.RunsTotal);
        runs.Value = p.RunsDone;
        string failing = p.Failures == 0 ? "[green]0 failing[/]" : $"[red]{p.Failures} failing[/]";
        runs.Description = $"runs {p.RunsDone}/{p.RunsTotal}  {failing}";
    }

    private sealed class Latest : IProgress<CertifyProgress>
    {
        private CertifyProgress? _value;

        public CertifyProgress? Value => Volatile.Read(ref _value);

        public void Report(CertifyProgress value) => Volatile.Write(ref _value, value);
    }
}
