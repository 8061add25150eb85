using System.Text.Encodings.Web;
using System.Text.Json;
using ConformanceKit.Libvirt.Probes.SelfCheck;
using ConformanceKit.Reference;

namespace ConformanceKit.Libvirt.Probes;

/// <summary>The command line of the child process (see <see cref="LibvirtChildProcess"/>).</summary>
public static class ChildMain
{
    /// <summary>JSON options shared by the child and its parent.</summary>
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs one command; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            switch (args)
            {
                case ["selftest", var which]:
                {
                    SelfCheckReport report = which switch
                    {
                        "default" => LoopSelfCheck.Run(() => new LibvirtDefaultLoop()),
                        "glib" => LoopSelfCheck.Run(() => new LibvirtGlibLoop()),
                        _ => throw new ArgumentException($"unknown loop '{which}': use default or glib"),
                    };
                    output.WriteLine(JsonSerializer.Serialize(report, Json));
                    return report.Checks.All(c => c.MatchesExpected) ? 0 : 1;
                }

                case ["adapter"]:
                {
                    SelfCheckReport report = AdapterCheck.Run();
                    output.WriteLine(JsonSerializer.Serialize(report, Json));
                    return report.Checks.All(c => c.MatchesExpected) ? 0 : 1;
                }

                case ["drive", "reference", .. var rest]:
                {
                    var options = RealLibvirtOptions.Default;
                    for (int i = 0; i < rest.Length; i++)
                    {
                        options = rest[i] switch
                        {
                            "--loop-thread" => options with { LoopOnOwnThread = true },
                            "--ops" when i + 1 < rest.Length => options with { Ops = ParseOps(rest[++i]) },
                            "--story" => options,
                            "--remote" => options with { Remote = RemoteSession.Idling },
                            "--remote-killed" => options with { Remote = RemoteSession.DaemonKilled },
                            "--remote-threaded" => options with { Remote = RemoteSession.FromAnotherThread, LoopOnOwnThread = true },
                            _ => throw new ArgumentException($"unknown option '{rest[i]}'"),
                        };
                    }

                    using var loop = new ReferenceEventLoop();
                    RealLibvirtRun run = RealLibvirtClient.Run(loop, options);
                    output.WriteLine(JsonSerializer.Serialize(run, Json));
                    if (rest.Contains("--story"))
                    {
                        error.WriteLine(string.Join('\n', run.Story()));
                    }

                    return run.Failure is null ? 0 : 1;
                }

                case ["connect", var uri]:
                    // Used by the tests as another user: a private daemon must refuse them.
                    return Probe.Connect(uri, output);

                case ["hold-daemon"]:
                {
                    // Used by the tests: a process that holds a private daemon and is then killed.
                    using var daemon = PrivateDaemon.Start();
                    output.WriteLine(daemon.Pid);
                    output.Flush();
                    Thread.Sleep(Timeout.Infinite);
                    return 0;
                }

                default:
                    throw new ArgumentException("usage: selftest default|glib | adapter | drive reference [--loop-thread] [--ops suspend,resume,destroy,start] [--remote|--remote-killed|--remote-threaded] [--story] | connect URI | hold-daemon");
            }
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
    }

    private static List<DomainOp> ParseOps(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Enum.Parse<DomainOp>(s, ignoreCase: true))];
}
