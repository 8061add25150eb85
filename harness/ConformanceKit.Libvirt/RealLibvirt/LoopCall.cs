using System.Text.Json.Serialization;

namespace ConformanceKit.Libvirt;

/// <summary>What crossed between real libvirt and the loop: one of the six functions libvirt
/// called (the fake core's <c>CallKind</c>, which has no callbacks), or a callback / free callback
/// the loop made into libvirt.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoopCallKind>))]
public enum LoopCallKind
{
    /// <summary>libvirt called add_handle(fd, events, cb, opaque, ff).</summary>
    AddHandle,

    /// <summary>libvirt called update_handle(watch, events).</summary>
    UpdateHandle,

    /// <summary>libvirt called remove_handle(watch).</summary>
    RemoveHandle,

    /// <summary>libvirt called add_timeout(frequency, cb, opaque, ff).</summary>
    AddTimeout,

    /// <summary>libvirt called update_timeout(timer, frequency).</summary>
    UpdateTimeout,

    /// <summary>libvirt called remove_timeout(timer).</summary>
    RemoveTimeout,

    /// <summary>The loop called one of libvirt's handle callbacks.</summary>
    HandleCallback,

    /// <summary>The loop called one of libvirt's timeout callbacks.</summary>
    TimeoutCallback,

    /// <summary>The loop called the free callback of one of libvirt's watches.</summary>
    HandleFreeCallback,

    /// <summary>The loop called the free callback of one of libvirt's timers.</summary>
    TimeoutFreeCallback,
}

/// <summary>One crossing, in the order it started, as <see cref="NativeCrossings"/> reads it from
/// the session's trace.</summary>
/// <param name="Seq">The Seq of its trace event (shared with <see cref="ApiCall.Seq"/> and <see cref="LifecycleEvent.Seq"/>).</param>
/// <param name="Kind">Which function or callback.</param>
/// <param name="Id">Watch or timer id: the argument of update/remove and callbacks, the return
/// value of add (0 when add failed).</param>
/// <param name="Fd">The fd (handles only; 0 otherwise).</param>
/// <param name="Value">The events mask (handles) or the frequency in ms (timers).</param>
/// <param name="HasFf">For adds: whether libvirt passed a free callback.</param>
/// <param name="Return">What add or remove returned; null for calls that return nothing.</param>
/// <param name="InsideCallback">Made while one of libvirt's callbacks was running on this thread.</param>
/// <param name="Thread">Managed thread id the call came on.</param>
public sealed record LoopCall(int Seq, LoopCallKind Kind, int Id, int Fd, int Value, bool HasFf, int? Return, bool InsideCallback, int Thread)
{
    /// <summary>One line, e.g. <c>update_timeout(1, 0)</c> or <c>add_timeout(-1, ff) -> 1</c>.</summary>
    public override string ToString() => Kind switch
    {
        LoopCallKind.AddHandle => $"add_handle(fd {Fd}, {(HandleEvents)Value}{(HasFf ? ", ff" : string.Empty)}) -> {Return}",
        LoopCallKind.UpdateHandle => $"update_handle({Id}, {(HandleEvents)Value})",
        LoopCallKind.RemoveHandle => $"remove_handle({Id}) -> {Return}",
        LoopCallKind.AddTimeout => $"add_timeout({Value}{(HasFf ? ", ff" : string.Empty)}) -> {Return}",
        LoopCallKind.UpdateTimeout => $"update_timeout({Id}, {Value})",
        LoopCallKind.RemoveTimeout => $"remove_timeout({Id}) -> {Return}",
        LoopCallKind.HandleCallback => $"[loop] handle callback({Id}, fd {Fd}, {(HandleEvents)Value})",
        LoopCallKind.TimeoutCallback => $"[loop] timeout callback({Id})",
        LoopCallKind.HandleFreeCallback => $"[loop] ff of watch {Id}",
        LoopCallKind.TimeoutFreeCallback => $"[loop] ff of timer {Id}",
        _ => Kind.ToString(),
    } + (InsideCallback ? " (inside callback)" : string.Empty);
}

/// <summary>A domain lifecycle event libvirt delivered (VIR_DOMAIN_EVENT_ID_LIFECYCLE).</summary>
/// <param name="Seq">The Seq of the trace event after it (it came after everything before that).</param>
/// <param name="Type">virDomainEventType: 2 STARTED, 3 SUSPENDED, 4 RESUMED, 5 STOPPED, ...</param>
/// <param name="Detail">The type's detail (e.g. VIR_DOMAIN_EVENT_STOPPED_DESTROYED = 1).</param>
/// <param name="Domain">The domain's name.</param>
public sealed record LifecycleEvent(int Seq, int Type, int Detail, string Domain)
{
    /// <summary>The virDomainEventType name without its prefix, e.g. "SUSPENDED".</summary>
    public string TypeName => DomainEventTypes.Name(Type);
}

/// <summary>libvirt-domain.h's virDomainEventType values.</summary>
public static class DomainEventTypes
{
    /// <summary>VIR_DOMAIN_EVENT_DEFINED.</summary>
    public const int Defined = 0;

    /// <summary>VIR_DOMAIN_EVENT_UNDEFINED.</summary>
    public const int Undefined = 1;

    /// <summary>VIR_DOMAIN_EVENT_STARTED.</summary>
    public const int Started = 2;

    /// <summary>VIR_DOMAIN_EVENT_SUSPENDED.</summary>
    public const int Suspended = 3;

    /// <summary>VIR_DOMAIN_EVENT_RESUMED.</summary>
    public const int Resumed = 4;

    /// <summary>VIR_DOMAIN_EVENT_STOPPED.</summary>
    public const int Stopped = 5;

    /// <summary>VIR_DOMAIN_EVENT_SHUTDOWN.</summary>
    public const int Shutdown = 6;

    /// <summary>VIR_DOMAIN_EVENT_PMSUSPENDED.</summary>
    public const int PmSuspended = 7;

    /// <summary>VIR_DOMAIN_EVENT_CRASHED.</summary>
    public const int Crashed = 8;

    /// <summary>The name without the VIR_DOMAIN_EVENT_ prefix.</summary>
    public static string Name(int type) => type switch
    {
        Defined => "DEFINED",
        Undefined => "UNDEFINED",
        Started => "STARTED",
        Suspended => "SUSPENDED",
        Resumed => "RESUMED",
        Stopped => "STOPPED",
        Shutdown => "SHUTDOWN",
        PmSuspended => "PMSUSPENDED",
        Crashed => "CRASHED",
        _ => $"EVENT_{type}",
    };
}
