using System.Text.Json.Serialization;

namespace ConformanceKit.Libvirt;

/// <summary>What <see cref="RealLibvirtClient"/> does to the test driver's domain "test", and the
/// lifecycle event each must produce.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DomainOp>))]
public enum DomainOp
{
    /// <summary>virDomainSuspend: VIR_DOMAIN_EVENT_SUSPENDED.</summary>
    Suspend,

    /// <summary>virDomainResume: VIR_DOMAIN_EVENT_RESUMED.</summary>
    Resume,

    /// <summary>virDomainDestroy: VIR_DOMAIN_EVENT_STOPPED.</summary>
    Destroy,

    /// <summary>virDomainCreate: VIR_DOMAIN_EVENT_STARTED.</summary>
    Start,
}

/// <summary>Mapping of <see cref="DomainOp"/> to libvirt.</summary>
public static class DomainOps
{
    /// <summary>Suspend, resume, destroy, start: the domain "test" of test:///default starts
    /// running and ends running.</summary>
    public static IReadOnlyList<DomainOp> All { get; } = [DomainOp.Suspend, DomainOp.Resume, DomainOp.Destroy, DomainOp.Start];

    /// <summary>The virDomainEventType the operation produces.</summary>
    public static int ExpectedEvent(this DomainOp op) => op switch
    {
        DomainOp.Suspend => DomainEventTypes.Suspended,
        DomainOp.Resume => DomainEventTypes.Resumed,
        DomainOp.Destroy => DomainEventTypes.Stopped,
        DomainOp.Start => DomainEventTypes.Started,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>The libvirt function name, for messages.</summary>
    public static string Function(this DomainOp op) => op switch
    {
        DomainOp.Suspend => "virDomainSuspend",
        DomainOp.Resume => "virDomainResume",
        DomainOp.Destroy => "virDomainDestroy",
        DomainOp.Start => "virDomainCreate",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
