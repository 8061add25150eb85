using System.Collections.Immutable;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Native;

/// <summary>A case of the native tier: real libvirt (Debian's libvirt0: the in-process
/// <c>test:///default</c> driver, or its remote driver talking to a private libvirtd) drives the
/// loop under test through <c>virEventRegisterImpl</c>.
/// libvirt accepts one loop per process, so native cases only run in child workers.</summary>
public abstract class NativeCase
{
    /// <summary>Stable case id, <c>RULE-N/what</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The rule the case is aimed at (its hang or crash is charged there).</summary>
    public abstract string RuleId { get; }

    public abstract string Description { get; }

    public abstract string Expectation { get; }

    /// <summary>Which loops the case drives (<see cref="NativeDrives"/>): C# loops in this
    /// process's libvirt, or Perl and Python loops under their language's real binding.</summary>
    public virtual string Drives => NativeDrives.InProcess;

    /// <summary>The case talks to a private libvirtd (<see cref="Libvirt.PrivateDaemon"/>), which it
    /// starts itself; <c>--native-cases</c> chooses by this.</summary>
    public virtual bool NeedsDaemon => false;

    /// <summary>What libvirt talks to, for stories: "test:///default", or the private daemon.</summary>
    public string Where => NeedsDaemon ? "test+unix:///default on a private libvirtd" : "test:///default";

    /// <summary>The longest a session with a working loop may take when every wait runs to its
    /// <paramref name="deadline"/>: past it, the loop is hung.</summary>
    public abstract TimeSpan SessionBound(TimeSpan deadline);

    /// <summary>Runs the session with a fresh loop; the facts for the rules, and the trace a
    /// counterexample's story is told from. libvirt must be loadable (<see cref="NativeCases.Refusal"/>
    /// is asked first; RealLibvirtClient throws otherwise).</summary>
    /// <param name="spec">The loop's spec (a Perl loop's session loads it itself).</param>
    public abstract (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) Run(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline);

    /// <summary><see cref="Run"/> under a watchdog; null when the session outlived
    /// <see cref="SessionBound"/> (a RunOnce that never returned: the loop hung).</summary>
    public (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace)? RunWithinBound(string spec, Func<TimeProvider, EventImpl> createLoop, TimeSpan deadline)
    {
        using var guard = new Judging.Watchdog(SessionBound(deadline));
        (ImmutableArray<Fact> Facts, ImmutableArray<TraceEvent> Trace) run = default;
        return guard.TryRun(() => run = Run(spec, createLoop, deadline)) ? run : null;
    }
}

/// <summary>The native tier's cases, in origin order.</summary>
public static class NativeCases
{
    public static ImmutableArray<NativeCase> All { get; } = [new RealLibvirtCase(), new RealLibvirtThreadedCase(), new RealLibvirtRemoteCase(), new RealLibvirtDaemonKilledCase(), new RealLibvirtRemoteThreadedCase(),
        .. Bridged.BridgedSessionCase.For(Bridged.RealBinding.SysVirt), .. Bridged.BridgedSessionCase.For(Bridged.RealBinding.LibvirtPython)];

    /// <summary>Why the native cases cannot run with <paramref name="loop"/> here, or null: libvirt
    /// (or the language's binding, for a Perl or Python loop) cannot be loaded (not the loop's fault), the loop's kind has
    /// no native case, or the loop is libvirt's own (libvirt takes one loop per process: its own,
    /// or ours through virEventRegisterImpl).</summary>
    public static string? Refusal(Loading.LoadedLoop loop) => loop.NativeDrives switch
    {
        null => $"{loop.Spec.Split(':')[0]}: loops have no native case (real libvirt cannot drive them here yet)",
        NativeDrives.Perl => Bridged.RealBinding.SysVirt.Problem() is { } p ? $"real Sys::Virt is needed: {p}" : null,
        NativeDrives.Python => Bridged.RealBinding.LibvirtPython.Problem() is { } p ? $"real libvirt-python is needed: {p}" : null,
        _ => Libvirt.LibvirtAvailability.Problem() is { } problem ? $"real libvirt is needed: {problem}"
            : loop.Spec is Libvirt.LibvirtDefaultLoop.Spec or Libvirt.LibvirtGlibLoop.Spec
                ? $"real libvirt drives a C# loop there; {loop.Spec} is libvirt's own loop, certified by --tier all"
                : null,
    };

    /// <summary>The index of the case with that id, or -1.</summary>
    public static int IndexOf(string id)
    {
        for (int i = 0; i < All.Length; i++)
        {
            if (All[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }
}
