using System.CommandLine;
using ConformanceKit.Cli;
using ConformanceKit.Harness.Loading;

if (args.Length == 2 && args[0] == ConformanceKit.Harness.Isolation.UnitWorker.Command)
{
    // A child process of an isolated certification (see IsolatedExecutor): not for people.
    return ConformanceKit.Harness.Isolation.UnitWorker.Main(args[1]);
}

// Decided here, once, and inherited by isolated child processes: every story of this run then
// names the same command, the one that works where the user runs the tool (see ToolCommand).
Environment.SetEnvironmentVariable(ConformanceKit.Harness.Engine.ToolCommand.Variable, ConformanceKit.Harness.Engine.ToolCommand.Current);

var root = new RootCommand("ConformanceKit: certifies event loops against libvirt's event-loop contract.\n"
    + "Exit codes: 0 certified, 1 not certified, 2 bad input, 3 the harness itself failed.");
root.Subcommands.Add(RulesCommand.Create());
root.Subcommands.Add(CertifyCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(MutantsCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(MergeCommand.Create());

if (CommandSuggestion.For(root, args) is { } typo)
{
    Console.Error.WriteLine($"conformancekit: {typo}");
    return ExitCodes.BadInput;
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One line, whatever the parser wrote (its "must be one of" lists span several).
    string message = string.Join(" ", parsed.Errors[0].Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    Console.Error.WriteLine($"conformancekit: {message} (see --help)");
    return ExitCodes.BadInput;
}

try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (BadInputException e)
{
    Console.Error.WriteLine($"conformancekit: {e.Message}");
    return ExitCodes.BadInput;
}
catch (Exception e)
{
    Console.Error.WriteLine($"conformancekit: the harness failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
    return ExitCodes.HarnessFailure;
}
