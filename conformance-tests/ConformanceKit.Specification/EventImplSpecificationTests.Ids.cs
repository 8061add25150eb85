using Xunit;

namespace ConformanceKit.Specification;

/// <content>IDS: ids and return codes. One test per rule, named by its id.</content>
public abstract partial class EventImplSpecificationTests
{
    /// <summary>IDS-1 (MUST): add_handle returns a watch id &gt; 0 on success, or exactly -1.</summary>
    [SkippableFact]
    public void IDS_1_AddHandleReturnsPositiveIdOrMinusOne() => Must("IDS-1");

    /// <summary>IDS-2 (MUST): add_timeout returns a timer id &gt; 0 on success, or exactly -1.</summary>
    [SkippableFact]
    public void IDS_2_AddTimeoutReturnsPositiveIdOrMinusOne() => Must("IDS-2");

    /// <summary>IDS-3 (MUST): live watch ids are unique among watches; live timer ids are unique among timers.</summary>
    [SkippableFact]
    public void IDS_3_LiveIdsAreUnique() => Must("IDS-3");

    /// <summary>IDS-4 (SHOULD): ids are never reused while the loop lives (libvirt's own loops count up from 1; a reused id turns a late remove into the removal of a stranger's registration).</summary>
    [SkippableFact]
    public void IDS_4_IdsAreNeverReused() => Should("IDS-4");

    /// <summary>IDS-5 (MUST): remove returns 0 for a live registration and -1 for anything else: never registered, already removed, 0, negative.</summary>
    [SkippableFact]
    public void IDS_5_RemoveReturnsZeroOnlyForLive() => Must("IDS-5");

    /// <summary>IDS-6 (MUST): update of an unknown or removed id changes nothing, throws nothing, and never brings a removed registration back.</summary>
    [SkippableFact]
    public void IDS_6_UpdateOfUnknownIdChangesNothing() => Must("IDS-6");

    /// <summary>IDS-7 (MUST): after an add that returned -1, that registration's callback and ff are never called.</summary>
    [SkippableFact]
    public void IDS_7_FailedAddIsNeverCalledBack() => Must("IDS-7");
}
