namespace ConformanceKit.Harness.Mutants.Handle;

/// <summary>update_handle does nothing: the watch keeps the mask it was added with. Bindings that
/// left update as a stub (libvirt only updates masks on busy connections, so it goes unnoticed in
/// light testing) behave like this.</summary>
[Mutant("update-ignored", "update_handle does nothing", "HANDLE-6")]
internal sealed class UpdateIgnored(TimeProvider time) : DecoratedLoop(time)
{
    public override void UpdateHandle(int watch, HandleEvents events)
    {
        // the bug: nothing happens
    }
}
