using System.Runtime.InteropServices;
using System.Text.Json;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Judging;
using ConformanceKit.Harness.Loading;

#pragma warning disable RS0030 // wall clock allowed in this file: a worker's loop on the real clock gets the system clock, as in-process (RunPolicy decides which)

namespace ConformanceKit.Harness.Isolation;

/// <summary>The child side of isolation: bounds its own memory, loads the loop, runs the plan from
/// a given origin, and writes one <c>UNIT {json}</c> line per unit to stdout as soon as it is done,
/// so the parent keeps everything measured before a crash. Where it is (unit, step) is kept in a
/// <see cref="Breadcrumb"/> the parent reads if the child dies.</summary>
public static class UnitWorker
{
    public const string Command = "__unit-worker";
    public const string LinePrefix = "UNIT ";

    /// <summary>The exit code of a worker in which an allocation failed (see <see cref="OnFirstChance"/>).</summary>
    public const int OutOfMemoryExit = 86;

    /// <summary>A result on one line: the files' options, not indented (a newline inside a string is
    /// escaped, so the text has none; indenting and then folding the lines cost the worker a copy).</summary>
    private static readonly JsonSerializerOptions Line = new(CounterexampleFile.Json) { WriteIndented = false };

    private static Breadcrumb? s_crumbs;
    private static int s_step = -1;
    private static string s_phase = string.Empty;
    private static bool s_reference;

    public static int Main(string requestFile)
    {
        var request = JsonSerializer.Deserialize<WorkerRequest>(File.ReadAllText(requestFile), CounterexampleFile.Json)
            ?? throw new InvalidDataException("empty worker request");
        var o = request.Options with { IsolationWorker = null };
        if (request.BreadcrumbFile is { } path)
        {
            Watch(Breadcrumb.Open(path));
        }

        ResourceLimit.NoCoreDump();
        if (request.MemoryLimitMb is { } mb && MemoryLimit.ApplyToThisProcess(mb) is { } why)
        {
            Console.Error.WriteLine($"conformancekit worker: no memory limit: {why}");
        }

        var loop = LoopLoader.Load(o.Loop);
        // The runner gets the parent's options as they are: it never starts children itself, and
        // the replay commands it writes must say --isolate true, as the parent's run was.
        using var runner = new UnitRunner(request.Options, loop.Create, TimeProvider.System, request.Have)
        {
            Position = () => (s_step, s_phase),
            OnReference = ReferenceRuns,
        };
        // Console.Out writes through a 256-byte buffer: a result of 1 to 2 KB left in five or six
        // writes, each waking the parent's reader. A buffer of its own, flushed once a line (one
        // write: a line up to PIPE_BUF, 4 KB, reaches the pipe whole).
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        foreach (var u in WorkPlan.For(o).Where(u => u.Origin >= request.StartAt && u.Origin < (request.EndBefore ?? int.MaxValue) && !(request.SkipGenerated && u.Case.Generated)))
        {
            s_step = -1;
            s_phase = string.Empty;
            s_crumbs?.BeginUnit(u.Origin);
            var result = runner.Run(u);
            stdout.WriteLine(LinePrefix + JsonSerializer.Serialize(result, Line));
            lock (Console.Out)
            {
                // Console.Out's writes lock it: a loop printing from a thread of its own cannot
                // land inside this line.
                stdout.Flush();
            }
            if (u.Case.RunsAlone)
            {
                // The parent gives each native case a fresh process and kills this one once it has
                // the result: starting the next session here (a private libvirtd, libvirt's loop
                // registration) would be cut off half-way.
                break;
            }
        }

        return 0;
    }

    /// <summary>While the reference loop runs the unit's scenario its steps are not the loop's: the
    /// breadcrumb says "reference" instead, and the parent charges a death there to the reference.</summary>
    private static void ReferenceRuns(bool running)
    {
        s_reference = running;
        s_crumbs?.WritePhase(running ? ReferenceRun.Phase : s_phase);
    }

    /// <summary>Keeps the breadcrumb up to date from the trace (each step, each phase), and records
    /// what the process can still say of its own end.</summary>
    private static void Watch(Breadcrumb crumbs)
    {
        s_crumbs = crumbs;
        TraceRecorder.Tap = e =>
        {
            if (s_reference)
            {
                return;
            }

            switch (e)
            {
                case StepStarted s:
                    s_step = s.Step;
                    crumbs.Step(s.Step);
                    if (s_phase.Length > 0)
                    {
                        s_phase = string.Empty;
                        crumbs.WritePhase(string.Empty);
                    }

                    break;
                case PhaseStarted p when p.Phase != PhaseStarted.RealClock:
                    s_phase = p.Phase;
                    crumbs.WritePhase(p.Phase);
                    break;
            }
        };
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            crumbs.WriteText(e.ExceptionObject is Exception x ? $"unhandled {LoopCreationException.Describe(x)}" : "unhandled exception");
        // Bind the exit call now: when the heap is exhausted there may be no memory left to do it.
        Marshal.Prelink(typeof(UnitWorker).GetMethod(nameof(ExitNow), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
    }

    /// <summary>An allocation failed: the worker's memory limit is reached. The unit ends here as a
    /// crash, whatever the loop would do with the exception (a loop that swallows it would go on
    /// growing, or fail later in the harness): mark it, and leave at once, allocating nothing.</summary>
    private static void OnFirstChance(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
    {
        if (e.Exception is OutOfMemoryException)
        {
            s_crumbs?.MarkOutOfMemory();
            ExitNow(OutOfMemoryExit);
        }
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int code);
}
