using ConformanceKit.FakeLibvirt.Fds;
using ConformanceKit.Harness.Facts;

namespace ConformanceKit.Harness.Rules.Handle;

/// <summary>HANDLE-10 (MUST): the loop never closes an fd it was given: while the watch lives, after remove_handle, and after dispose, the fd is still open and is the same file (libvirt owns its fds; a loop that wraps an fd in a handle object which closes it when destroyed closes libvirt's socket under it, and the next open may reuse the number).</summary>
/// <remarks>"The same file" is the fd's device and inode as fstat reported them when the fake
/// core created it: a number closed and reopened by someone else is not libvirt's fd any more.</remarks>
internal sealed class Handle10FdIsNeverClosedByTheLoop : Rule
{
    public override string Id => "HANDLE-10";

    public override RuleLevel Level => RuleLevel.Must;

    public override string Sentence => "the loop never closes an fd it was given: while the watch lives, after remove_handle, and after dispose, the fd is still open and is the same file (libvirt owns its fds; a loop that wraps an fd in a handle object which closes it when destroyed closes libvirt's socket under it, and the next open may reuse the number).";

    public override Judgement Judge(Fact fact) => fact switch
    {
        FdKept { Status: FdStatus.Same } => Judgement.Pass,
        FdKept k => Violation(k, $"the fd of slot {k.Slot} still open and the same file {k.When}", k.Status == FdStatus.Closed
            ? $"it was closed {k.When} (libvirt owns it)"
            : $"its number now names another file {k.When}: the loop closed it and the number was reused"),
        _ => Judgement.Skip,
    };
}
