using ConformanceKit.FakeLibvirt.Script;
using ConformanceKit.FakeLibvirt.Workloads;
using static ConformanceKit.Harness.Cases.CaseBuilder;

namespace ConformanceKit.Harness.Cases;

/// <summary>Named cases for the LIFE rules and the real-libvirt workload profiles.</summary>
internal static class LifeCases
{
    public static IEnumerable<NamedCase> All() =>
    [
        Case("LIFE-1/dispose-with-live", "the loop is disposed with a watch and a timer live", "recorded: whether their ffs run",
            Watch(0, R), Timer(1000), Run),
        Case("LIFE-2/callback-throws", "a timer's callback throws", "recorded: whether the exception escapes RunOnce and the loop goes on",
            Timer(0, Does(ReactionKind.Throw)), Timer(0), Run, Run, Run),
        Case("LIFE-3/fd-closed-while-registered", "the fd of a live Readable watch is closed", "recorded: what the loop reports for it",
            Watch(0, R), Run, new Far(0, FdAction.CloseLoopEnd), Run, Run),
        Case("LIFE-4/add-remove-leaves-no-fd", "a watch added and removed four times; the process's fds counted before each add and after each ff",
            "as many fds after every ff as before its add", AddRemoveCycles(4)),
        Case("HANDLE-10/fd-kept-while-live-and-after-remove", "watches on a socketpair and a pipe live for some iterations, then are removed",
            "both fds still open and the same files after each remove and after dispose",
            Watch(0, R), Watch(2, R), Write(0), Run, Run, RemoveW(0), Run, RemoveW(1), Run, Run),
        Case("HANDLE-10/fd-kept-after-dispose", "the loop is disposed with a watch still live on each of two fds",
            "both fds still open and the same files after dispose",
            Watch(1, R | W), Watch(3, W), Run, Run),
        new("TIMER-5/workload-domain-event-queue", "libvirt's domain-event timer: -1, 0 when queued, -1 from its own callback, removed",
            "fires once per queued event, then its ff runs", LibvirtWorkloads.DomainEventQueue()),
        new("HANDLE-6/workload-rpc-socket", "libvirt's RPC socket: Readable, mask 0 while a call waits for its reply, Readable again, peer closes, removed",
            "no callback while the mask is 0; dispatch follows each mask; the hangup is reported; the ff runs", LibvirtWorkloads.RpcSocket()),
        new("TIMER-3/workload-keepalive", "libvirt's keepalive timer: 1 s interval, re-armed from its own callback and after a message, removed",
            "fires exactly on each due time, 1000 ms after it was last armed", LibvirtWorkloads.Keepalive()),
    ];

    /// <summary>LIFE-4's measure: count, then add a watch, let it be dispatched, remove it, let its
    /// ff run (two iterations, FREE-6's promptness), count again.</summary>
    private static Step[] AddRemoveCycles(int cycles)
    {
        var steps = new List<Step> { new CountFds() };
        for (int i = 0; i < cycles; i++)
        {
            steps.AddRange([Watch(0, W), Run, new RemoveWatch(Target.Ref(-1)), Run, Run, new CountFds()]);
        }

        return [.. steps];
    }
}
