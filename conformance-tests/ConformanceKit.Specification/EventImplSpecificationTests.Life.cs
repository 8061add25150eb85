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

    /// <summary>LIFE-3 (INFO): what happens to a watch whose fd was closed while registered (libvirt's old poll loop reported it as Error; libvirt 9.0.0's GLib-based loop calls nothing back and returns from every iteration at once).</summary>
    [SkippableFact]
    public void LIFE_3_FdClosedWhileRegistered() => Info("LIFE-3");

    /// <summary>LIFE-4 (SHOULD): a removed registration leaves nothing of the loop's own behind: once its ff has run, the loop holds no more fds than before it was added.</summary>
    [SkippableFact]
    public void LIFE_4_NoFdLeftBehind() => Should("LIFE-4");
}
