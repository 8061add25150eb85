using BenchmarkDotNet.Running;

namespace ConformanceKit.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project harness/ConformanceKit.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["mutant-score", ..])
        {
            MutantScoreReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20, args.Length > 2 ? args[2] : null);
            return;
        }

        if (args is ["generated-score", ..])
        {
            GeneratedScoreReport.Run(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
