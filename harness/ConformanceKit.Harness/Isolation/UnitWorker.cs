using System.Text.Json;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Isolation;

/// <summary>The child side of isolation: loads the loop, runs the plan from a given origin, and
/// writes one <c>UNIT {json}</c> line per unit to stdout as soon as it is done, so the parent
/// keeps everything measured before a crash.</summary>
public static class UnitWorker
{
    public const string Command = "__unit-worker";
    public const string LinePrefix = "UNIT ";

    public static int Main(string requestFile)
    {
        var request = JsonSerializer.Deserialize<WorkerRequest>(File.ReadAllText(requestFile), CounterexampleFile.Json)
            ?? throw new InvalidDataException("empty worker request");
        var o = request.Options with { IsolationWorker = null };
        var loop = LoopLoader.Load(o.Loop);
        using var runner = new UnitRunner(o, loop.Create, TimeProvider.System, request.Have);
        var stdout = Console.Out;
        foreach (var u in WorkPlan.For(o).Where(u => u.Origin >= request.StartAt && !(request.SkipGenerated && u.Kind == UnitKind.Generated)))
        {
            var result = runner.Run(u);
            stdout.WriteLine(LinePrefix + JsonSerializer.Serialize(result, CounterexampleFile.Json).ReplaceLineEndings(" "));
            stdout.Flush();
        }

        return 0;
    }
}
