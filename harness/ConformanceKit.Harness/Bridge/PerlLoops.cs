using System.Text.RegularExpressions;
using ConformanceKit.Harness.Loading;

namespace ConformanceKit.Harness.Bridge;

/// <summary>The <c>perl:</c> loop kind: <c>perl:[-IDIR:]FILE.pm[:PACKAGE[:STEP]]</c>, a subclass of
/// Sys::Virt::EventImpl (or Sys::Virt::Event) hosted by <c>Bridge/perl/ck_bridge.pl</c> on
/// Debian's perl, against the stand-in Sys::Virt in <c>Bridge/perl/lib</c> (docs/perl.md).</summary>
internal static partial class PerlLoops
{
    public const string Syntax = "perl:[-IDIR:]FILE.pm[:PACKAGE[:STEP]]";

    public const string Prefix = "perl:";

    public const string Interpreter = "/usr/bin/perl";

    /// <summary>Sys::Virt's XS calls remove_handle and remove_timeout and drops the result.</summary>
    public static IReadOnlyDictionary<string, string> Caveats { get; } = new Dictionary<string, string>
    {
        ["IDS-5"] = "judged on what remove_handle/remove_timeout returned, as the Sys::Virt::EventImpl man page documents it; Sys::Virt discards it and always tells libvirt 0",
    };

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Bridge", "perl", "ck_bridge.pl");

    /// <summary>Checks what a perl: spec needs, then loads it through the adapter.</summary>
    public static LoadedLoop Load(string spec)
    {
        string rest = spec[Prefix.Length..];
        string? file = FileOf(rest);
        if (file is null)
        {
            throw new BadInputException($"perl: needs a loop: {Syntax}");
        }

        if (!File.Exists(Interpreter))
        {
            throw new BadInputException($"{spec}: {Interpreter} not found (apt-get install perl)");
        }

        if (!File.Exists(file))
        {
            throw new BadInputException($"{spec}: no such file: {file}");
        }

        return BridgeLimits.Load(spec, Prefix, Interpreter, Script, rest, Caveats, threadedNotRun: BridgeLimits.PerlThreadedNotRun) with { NativeDrives = Native.NativeDrives.Perl };
    }

    /// <summary>The spec with FILE and every -IDIR made absolute, so that a counterexample replays
    /// from any folder.</summary>
    public static string Absolute(string spec)
    {
        var items = Colons().Split(spec[Prefix.Length..]);
        for (int i = 0; i < items.Length && items[i].Length > 0; i++)
        {
            if (items[i].StartsWith("-I", StringComparison.Ordinal) && items[i].Length > 2)
            {
                items[i] = "-I" + Path.GetFullPath(items[i][2..]);
                continue;
            }

            items[i] = Path.GetFullPath(items[i]);
            break; // FILE.pm: what follows is a package and a method
        }

        return Prefix + string.Join(':', items);
    }

    /// <summary>The file of a spec, after its -I folders (null when there is none).</summary>
    private static string? FileOf(string rest) =>
        Colons().Split(rest).SkipWhile(i => i.StartsWith("-I", StringComparison.Ordinal)).FirstOrDefault() is { Length: > 0 } file ? file : null;

    /// <summary>A single colon: a package name's "::" is not a separator.</summary>
    [GeneratedRegex("(?<!:):(?!:)")]
    private static partial Regex Colons();
}
