namespace ConformanceKit.FakeLibvirt.Trace;

/// <summary>The six functions of the contract, with libvirt's names in the docs.</summary>
public enum CallKind
{
    None,
    AddHandle,
    UpdateHandle,
    RemoveHandle,
    AddTimeout,
    UpdateTimeout,
    RemoveTimeout,
}
