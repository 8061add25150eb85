using System.CommandLine;
using ConformanceKit.Harness.Engine;
using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Cli;

/// <summary><c>conformancekit replay FILE</c>: runs a counterexample again against its loop
/// (<see cref="Replay"/> decides how; this only parses and prints).</summary>
/// <remarks>Exit 1 when the failure reproduces (the loop still breaks the rule), 0 when it does
/// not, 2 when the file cannot be replayed.</remarks>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A counterexample file written by certify." };
        var loop = new Option<string?>("--loop") { Description = "Replay against another loop than the one in the file." };
        var cmd = new Command("replay", "Replay a counterexample exactly. Exit 1: it reproduces; 0: it no longer does; 2: bad file.") { file, loop };
        cmd.SetAction(p =>
        {
            Counterexample c;
            try
            {
                c = CounterexampleFile.Load(p.GetValue(file)!);
            }
            catch (InvalidDataException e)
            {
                throw new BadInputException(e.Message);
            }

            var result = Replay.Run(c, LoopLoader.Absolute(p.GetValue(loop) ?? c.Loop), ToolCommand.Replay(p.GetValue(file)!));
            foreach (string line in result.Lines)
            {
                Console.WriteLine(line);
            }

            return result.Reproduced ? ExitCodes.NotCertified : ExitCodes.Certified;
        });
        return cmd;
    }
}
