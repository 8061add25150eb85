namespace ConformanceKit.FakeLibvirt.Core;

/// <summary>A loop reached through a language binding that drops what remove_handle and
/// remove_timeout return and tells libvirt 0 (Perl's Sys::Virt). The fake core then plays the
/// libvirt that binding gives: a remove that did not throw took the registration away, whatever it
/// returned. The value is still recorded, for IDS-5.</summary>
public interface IRemoveResultPolicy
{
    bool RemoveResultDiscarded { get; }
}
