using System.Diagnostics;
using System.Runtime.InteropServices;
using ConformanceKit.FakeLibvirt.Trace;
using ConformanceKit.Libvirt.Interop;

namespace ConformanceKit.Libvirt;

/// <summary>Real libvirt as the client of a C# <see cref="EventImpl"/>: registers the loop with
/// <c>virEventRegisterImpl</c> (six C function pointers into C#), opens <c>test:///default</c>,
/// registers a domain lifecycle callback, suspends, resumes, destroys and starts the domain
/// "test", deregisters, closes, and records every call libvirt made into the loop and every
/// callback and ff the loop made back. With <see cref="RealLibvirtOptions.Remote"/>, the same over
/// a remote connection to a <see cref="PrivateDaemon"/> (RealLibvirtClient.Remote.cs).</summary>
/// <remarks>
/// <para>Once per process, libvirt takes the six functions; every later run in the same process
/// routes them to that run's loop (runs may not overlap). The first run refuses to start if this
/// process already registered libvirt's own loop or libvirt-glib's, and checks with a probe call
/// that libvirt really routes <c>virEvent*</c> to these functions.</para>
/// <para>What libvirt's callbacks and ffs receive is exactly what it passed to add: the loop sees a
/// <c>HandleCallback</c>/<c>TimeoutCallback</c> that calls the C function pointer, an opaque object
/// that stands for libvirt's <c>void *</c>, and a <c>FreeCallback</c> that calls libvirt's ff, or
/// null when libvirt passed none.</para>
/// </remarks>
public static unsafe partial class RealLibvirtClient
{
    /// <summary>The owner name used with <see cref="EventImplRegistration"/>.</summary>
    public const string RegistrationName = "real-libvirt-client";

    private static readonly Lock RunGate = new();
    private static Session? s_session;
    private static bool s_probing;
    private static bool s_probeHit;

    /// <summary>Runs the whole scenario with <paramref name="loop"/>; never throws for a libvirt or
    /// loop failure, which is reported in <see cref="RealLibvirtRun.Failure"/>.</summary>
    /// <exception cref="InvalidOperationException">libvirt cannot be loaded, or another loop is
    /// registered with libvirt in this process.</exception>
    public static RealLibvirtRun Run(EventImpl loop, RealLibvirtOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        options ??= RealLibvirtOptions.Default;
        LibvirtAvailability.Require();
        lock (RunGate)
        {
            EventImplRegistration.Claim(RegistrationName, Register);
            PrivateDaemon? daemon;
            try
            {
                daemon = options.Remote is null ? null : PrivateDaemon.Start();
            }
            catch (DaemonUnavailableException e)
            {
                return RealLibvirtRun.NotRun(loop, options, e.Message);
            }

            using (daemon)
            {
                var session = new Session(loop, daemon);
                Volatile.Write(ref s_session, session);
                try
                {
                    return session.Drive(options);
                }
                finally
                {
                    Volatile.Write(ref s_session, null);
                }
            }
        }
    }

    /// <summary>Calls <c>virEventRegisterImpl</c> with the six functions without claiming the
    /// process first, and reports whether libvirt now routes <c>virEvent*</c> to them (a probe
    /// <c>virEventRemoveTimeout</c>). For checking that libvirt keeps an earlier registration.</summary>
    internal static bool RegisterAndProbe()
    {
        Virt.Quiet();
        Virt.EventRegisterImpl(&AddHandle, &UpdateHandle, &RemoveHandle, &AddTimeout, &UpdateTimeout, &RemoveTimeout);
        s_probeHit = false;
        s_probing = true;
        try
        {
            Virt.EventRemoveTimeout(int.MaxValue);
        }
        finally
        {
            s_probing = false;
        }

        return s_probeHit;
    }

    private static void Register()
    {
        if (!RegisterAndProbe())
        {
            throw new InvalidOperationException(
                "libvirt kept an event-loop implementation registered earlier in this process; run RealLibvirtClient in a child process of its own");
        }
    }

    [UnmanagedCallersOnly]
    private static int AddHandle(int fd, int events, nint cb, nint opaque, nint ff) =>
        Volatile.Read(ref s_session)?.AddHandle(fd, events, cb, opaque, ff) ?? -1;

    [UnmanagedCallersOnly]
    private static void UpdateHandle(int watch, int events) => Volatile.Read(ref s_session)?.UpdateHandle(watch, events);

    [UnmanagedCallersOnly]
    private static int RemoveHandle(int watch) => Volatile.Read(ref s_session)?.RemoveHandle(watch) ?? -1;

    [UnmanagedCallersOnly]
    private static int AddTimeout(int frequency, nint cb, nint opaque, nint ff) =>
        Volatile.Read(ref s_session)?.AddTimeout(frequency, cb, opaque, ff) ?? -1;

    [UnmanagedCallersOnly]
    private static void UpdateTimeout(int timer, int frequency) => Volatile.Read(ref s_session)?.UpdateTimeout(timer, frequency);

    [UnmanagedCallersOnly]
    private static int RemoveTimeout(int timer)
    {
        if (s_probing)
        {
            s_probeHit = true;
            return -1;
        }

        return Volatile.Read(ref s_session)?.RemoveTimeout(timer) ?? -1;
    }

    [UnmanagedCallersOnly]
    private static int Lifecycle(nint conn, nint dom, int type, int detail, nint opaque)
    {
        Volatile.Read(ref s_session)?.OnLifecycle(dom, type, detail);
        return 0;
    }

    private sealed class StepFailed(string message) : Exception(message);
}
