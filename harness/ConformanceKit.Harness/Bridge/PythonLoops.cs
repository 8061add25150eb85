using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Bridge;

/// <summary>The <c>python:</c> loop kind: <c>python:libvirtaio</c> (Debian's libvirtaio) or
/// <c>python:FILE.py:CLASS[:STEP]</c> / <c>python:MODULE:CLASS[:STEP]</c>, hosted by
/// <c>Bridge/python/ck_bridge.py</c> on Debian's <c>/usr/bin/python3</c>.</summary>
internal static class PythonLoops
{
    public const string Syntax = "python:libvirtaio, python:FILE.py:CLASS[:STEP], python:MODULE:CLASS[:STEP]";

    public const string Prefix = "python:";

    /// <summary>Debian's interpreter: the one python3-libvirt installs libvirtaio for (the
    /// python3 first on PATH may be another).</summary>
    public const string Interpreter = "/usr/bin/python3";

    public const string Libvirtaio = "/usr/lib/python3/dist-packages/libvirtaio.py";

    /// <summary>libvirt-python calls removeHandle and removeTimeout and drops the result.</summary>
    public static IReadOnlyDictionary<string, string> Caveats { get; } = new Dictionary<string, string>
    {
        ["IDS-5"] = "judged on what removeHandle/removeTimeout returned, as libvirt's virEventRemoveHandleFunc documents it; libvirt-python discards it and tells libvirt 0 unless it raised",
    };

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Bridge", "python", "ck_bridge.py");

    /// <summary>Checks what a python: spec needs, then loads it through the adapter.</summary>
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

        return BridgeLimits.Load(spec, Prefix, Interpreter, Script, rest, Caveats, threadedNotRun: null) with { NativeDrives = Native.NativeDrives.Python };
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
