using Xunit;

namespace ConformanceKit.Specification;

/// <content>LIFE: lifecycle. One test per rule, named by its id.</content>
public abstract partial class EventImplSpecificationTests
{
    /// <summary>LIFE-1 (INFO): what the loop does with live registrations when it is disposed (ff called or not).</summary>
    [SkippableFact]
    public void LIFE_1_DisposeWithLiveRegistrations() => Info("LIFE-1");

    /// <summary>LIFE-2 (INFO): what the loop does when a callback throws.</summary>
    [SkippableFact]
    public void LIFE_2_CallbackThrows() => Info("LIFE-2");

    /// <summary>LIFE-3 (INFO): what happens to a watch whose fd was closed while registered (libvirt's loops report it as Error).</summary>
    [SkippableFact]
    public void LIFE_3_FdClosedWhileRegistered() => Info("LIFE-3");
}
