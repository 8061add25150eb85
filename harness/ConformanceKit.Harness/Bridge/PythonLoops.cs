using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Bridge;

/// <summary>The <c>python:</c> loop kind: <c>python:libvirtaio</c> (Debian's libvirtaio) or
/// <c>python:FILE.py:CLASS[:STEP]</c> / <c>python:MODULE:CLASS[:STEP]</c>, hosted by
/// <c>Bridge/python/ck_bridge.py</c> on Debian's <c>/usr/bin/python3</c>.</summary>
public static class PythonLoops
{
    public const string Syntax = "python:libvirtaio, python:FILE.py:CLASS[:STEP], python:MODULE:CLASS[:STEP]";

    public const string Prefix = "python:";

    /// <summary>Debian's interpreter: the one python3-libvirt installs libvirtaio for (the
    /// python3 first on PATH may be another).</summary>
    public const string Interpreter = "/usr/bin/python3";

    public const string Libvirtaio = "/usr/lib/python3/dist-packages/libvirtaio.py";

    /// <summary>Why the THREAD rules and FREE-5 are not-run for a bridged loop.</summary>
    public const string ThreadedNotRun = "threaded tier not run: the bridge (protocol version 1) drives a loop from one harness thread only";

    /// <summary>Rules protocol version 1 cannot judge: the loop polls the adapter's copies of the
    /// fds (SCM_RIGHTS duplicates), which the harness neither closes nor sees.</summary>
    public static IReadOnlyDictionary<string, string> NotJudged { get; } = new Dictionary<string, string>
    {
        ["HANDLE-10"] = "not judged over the bridge: the loop's fds are the adapter's copies, which the harness does not see closed or replaced (protocol version 1)",
        ["LIFE-3"] = "not judged over the bridge: closing the harness's end leaves the adapter's copy open, so the loop never meets a closed fd (protocol version 1)",
        ["LIFE-4"] = "not judged over the bridge: fds the loop opens are in the adapter's process, which the harness does not count (protocol version 1)",
    };

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Bridge", "python", "ck_bridge.py");

    /// <summary>Starts (or reuses) the adapter and makes one trial loop, so that a file, class or
    /// step that does not exist is bad input now, not a crash of every case.</summary>
    public static LoadedLoop Load(string spec)
    {
        string rest = spec[Prefix.Length..];
        if (rest.Length == 0)
        {
            throw new BadInputException("python: needs a loop: python:libvirtaio or python:FILE.py:CLASS[:STEP]");
        }

        if (!File.Exists(Interpreter))
        {
            throw new BadInputException($"{spec}: {Interpreter} not found (apt-get install python3)");
        }

        if (rest == "libvirtaio" && !File.Exists(Libvirtaio))
        {
            throw new BadInputException($"{spec}: {Libvirtaio} not found (apt-get install python3-libvirt)");
        }

        if (rest.Split(':') is var parts && parts[0].EndsWith(".py", StringComparison.Ordinal) && !File.Exists(parts[0]))
        {
            throw new BadInputException($"{spec}: no such file: {parts[0]}");
        }

        if (!File.Exists(Script))
        {
            throw new BadInputException($"{spec}: the adapter {Script} is missing beside the tool");
        }

        var adapter = BridgeAdapter.For(Interpreter, Script, rest);
        new BridgedLoop(adapter, TimeProvider.System).Dispose();
        return new LoadedLoop(spec, t => new BridgedLoop(BridgeAdapter.For(Interpreter, Script, rest), t), true)
        {
            ThreadedNotRun = ThreadedNotRun,
            NotJudged = NotJudged,
        };
    }

    /// <summary>The spec with a FILE.py made absolute, so that a counterexample replays from any folder.</summary>
    public static string Absolute(string spec)
    {
        string rest = spec[Prefix.Length..];
        int py = rest.IndexOf(".py", StringComparison.Ordinal);
        return py < 0 || (rest.Length > py + 3 && rest[py + 3] != ':')
            ? spec
            : Prefix + Path.GetFullPath(rest[..(py + 3)]) + rest[(py + 3)..];
    }
}
