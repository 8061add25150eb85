using System.Runtime.InteropServices;

namespace ConformanceKit.Libvirt.Interop;

/// <summary>The libvirt.so.0 (libvirt 9.0.0 on Debian 12) functions this project calls.</summary>
/// <remarks>Function pointers cross as <c>delegate* unmanaged</c> so that every callback is an
/// <c>[UnmanagedCallersOnly]</c> static method: nothing for the GC to move or collect.</remarks>
internal static unsafe partial class Virt
{
    public const string Lib = "libvirt.so.0";

    /// <summary>VIR_DOMAIN_EVENT_ID_LIFECYCLE.</summary>
    public const int DomainEventIdLifecycle = 0;

    [LibraryImport(Lib, EntryPoint = "virEventRegisterDefaultImpl")]
    public static partial int EventRegisterDefaultImpl();

    [LibraryImport(Lib, EntryPoint = "virEventRunDefaultImpl")]
    public static partial int EventRunDefaultImpl();

    [LibraryImport(Lib, EntryPoint = "virEventRegisterImpl")]
    public static partial void EventRegisterImpl(
        delegate* unmanaged<int, int, nint, nint, nint, int> addHandle,
        delegate* unmanaged<int, int, void> updateHandle,
        delegate* unmanaged<int, int> removeHandle,
        delegate* unmanaged<int, nint, nint, nint, int> addTimeout,
        delegate* unmanaged<int, int, void> updateTimeout,
        delegate* unmanaged<int, int> removeTimeout);

    [LibraryImport(Lib, EntryPoint = "virEventAddHandle")]
    public static partial int EventAddHandle(int fd, int events, delegate* unmanaged<int, int, int, nint, void> cb, nint opaque, delegate* unmanaged<nint, void> ff);

    [LibraryImport(Lib, EntryPoint = "virEventUpdateHandle")]
    public static partial void EventUpdateHandle(int watch, int events);

    [LibraryImport(Lib, EntryPoint = "virEventRemoveHandle")]
    public static partial int EventRemoveHandle(int watch);

    [LibraryImport(Lib, EntryPoint = "virEventAddTimeout")]
    public static partial int EventAddTimeout(int timeout, delegate* unmanaged<int, nint, void> cb, nint opaque, delegate* unmanaged<nint, void> ff);

    [LibraryImport(Lib, EntryPoint = "virEventUpdateTimeout")]
    public static partial void EventUpdateTimeout(int timer, int timeout);

    [LibraryImport(Lib, EntryPoint = "virEventRemoveTimeout")]
    public static partial int EventRemoveTimeout(int timer);

    [LibraryImport(Lib, EntryPoint = "virInitialize")]
    public static partial int Initialize();

    [LibraryImport(Lib, EntryPoint = "virSetErrorFunc")]
    public static partial void SetErrorFunc(nint userData, delegate* unmanaged<nint, nint, void> handler);

    [LibraryImport(Lib, EntryPoint = "virGetLastErrorMessage")]
    public static partial nint GetLastErrorMessage();

    [LibraryImport(Lib, EntryPoint = "virConnectOpen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ConnectOpen(string name);

    [LibraryImport(Lib, EntryPoint = "virConnectClose")]
    public static partial int ConnectClose(nint conn);

    [LibraryImport(Lib, EntryPoint = "virConnectDomainEventRegisterAny")]
    public static partial int ConnectDomainEventRegisterAny(nint conn, nint dom, int eventId, delegate* unmanaged<nint, nint, int, int, nint, int> cb, nint opaque, delegate* unmanaged<nint, void> freecb);

    [LibraryImport(Lib, EntryPoint = "virConnectDomainEventDeregisterAny")]
    public static partial int ConnectDomainEventDeregisterAny(nint conn, int callbackId);

    [LibraryImport(Lib, EntryPoint = "virDomainLookupByName", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint DomainLookupByName(nint conn, string name);

    [LibraryImport(Lib, EntryPoint = "virDomainSuspend")]
    public static partial int DomainSuspend(nint dom);

    [LibraryImport(Lib, EntryPoint = "virDomainResume")]
    public static partial int DomainResume(nint dom);

    [LibraryImport(Lib, EntryPoint = "virDomainDestroy")]
    public static partial int DomainDestroy(nint dom);

    [LibraryImport(Lib, EntryPoint = "virDomainCreate")]
    public static partial int DomainCreate(nint dom);

    [LibraryImport(Lib, EntryPoint = "virDomainGetName")]
    public static partial nint DomainGetName(nint dom);

    [LibraryImport(Lib, EntryPoint = "virDomainFree")]
    public static partial int DomainFree(nint dom);

    // A remote connection's own functions (the remote native cases).
    [LibraryImport(Lib, EntryPoint = "virConnectSetKeepAlive")]
    public static partial int ConnectSetKeepAlive(nint conn, int interval, uint count);

    [LibraryImport(Lib, EntryPoint = "virConnectRegisterCloseCallback")]
    public static partial int ConnectRegisterCloseCallback(nint conn, delegate* unmanaged<nint, int, nint, void> cb, nint opaque, delegate* unmanaged<nint, void> freecb);

    [LibraryImport(Lib, EntryPoint = "virConnectUnregisterCloseCallback")]
    public static partial int ConnectUnregisterCloseCallback(nint conn, delegate* unmanaged<nint, int, nint, void> cb);

    [LibraryImport(Lib, EntryPoint = "virConnectNumOfDomains")]
    public static partial int ConnectNumOfDomains(nint conn);

    [LibraryImport(Lib, EntryPoint = "virDomainGetState")]
    public static partial int DomainGetState(nint dom, int* state, int* reason, uint flags);

    /// <summary>libvirt's message for the last error on this thread, or a fallback.</summary>
    public static string LastError()
    {
        nint p = GetLastErrorMessage();
        return (p == 0 ? null : Marshal.PtrToStringUTF8(p)) ?? "no libvirt error message";
    }

    /// <summary>Keeps libvirt from printing every error to stderr; callers read
    /// <see cref="LastError"/> instead.</summary>
    public static void Quiet() => SetErrorFunc(0, &IgnoreError);

    [UnmanagedCallersOnly]
    private static void IgnoreError(nint userData, nint error)
    {
    }
}

/// <summary>Version helpers.</summary>
internal static unsafe partial class VirtVersion
{
    [LibraryImport(Virt.Lib, EntryPoint = "virGetVersion")]
    private static partial int GetVersion(ulong* libVer, nint type, ulong* typeVer);

    /// <summary>"9.0.0" for libvirt 9.0.0, or null.</summary>
    public static string? Library()
    {
        ulong v = 0;
        return GetVersion(&v, 0, null) == 0 ? $"{v / 1_000_000}.{v / 1_000 % 1_000}.{v % 1_000}" : null;
    }
}
