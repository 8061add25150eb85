using ConformanceKit.FakeLibvirt.Script;
using static ConformanceKit.Harness.Cases.CaseBuilder;

namespace ConformanceKit.Harness.Cases;

/// <summary>Named cases for the HANDLE rules: dispatch of file-handle watches.</summary>
internal static class HandleCases
{
    public static IEnumerable<NamedCase> All() =>
    [
        Case("HANDLE-1/readable", "a Readable watch; the peer writes", "called back with Readable in the next iteration",
            Watch(0, R), Write(0), Run),
        Case("HANDLE-1/writable", "a Writable watch on a socket with room in its buffer", "called back with Writable",
            Watch(0, W), Run),
        Case("HANDLE-1/pipe-writable", "a Writable watch on a pipe's write end", "called back with Writable",
            Watch(3, W), Run),
        Case("HANDLE-2/no-unasked-bits", "a Writable-only watch on a readable socket, a Readable-only watch on a writable one", "events hold only asked bits (plus Error/Hangup)",
            Watch(0, W), Write(0), Watch(1, R), Run),
        Case("HANDLE-3/hangup-pipe", "a Readable watch on a pipe whose writer closed (poll says POLLHUP only)", "called back with Hangup, never asked for",
            Watch(2, R), CloseFar(2), Run),
        Case("HANDLE-3/hangup-socket", "a Readable watch on a socket whose peer closed", "called back with Readable and Hangup",
            Watch(0, R), CloseFar(0), Run),
        Case("HANDLE-3/error-pipe", "a Readable watch on a pipe's write end whose reader closed (POLLERR)", "called back with Error, never asked for",
            Watch(3, R), CloseFar(3), Run),
        Case("HANDLE-4/dormant-hangup", "a watch with mask 0 on a pipe whose writer closed", "recorded: called back or not (libvirt: not)",
            Watch(2, None), CloseFar(2), Run, Run),
        Case("HANDLE-5/level-triggered", "a Readable watch whose data is never read", "called back in every iteration",
            Watch(0, R), Write(0), Run, Run, Run),
        Case("HANDLE-6/update-replaces-mask", "a Readable watch on a readable socket is updated to Writable", "from the next iteration: Writable, never Readable",
            Watch(0, R), Write(0), Run, UpdateW(0, W), Run, Run),
        Case("HANDLE-6/update-to-zero", "a ready Readable watch is updated to mask 0", "no more callbacks",
            Watch(0, R), Write(0), Run, UpdateW(0, None), Run, Run),
        Case("HANDLE-6/update-adds-writable", "a Readable watch on an idle socket is updated to Readable|Writable", "called back with Writable from the next iteration",
            Watch(1, R), Run, UpdateW(0, R | W), Run),
        Case("HANDLE-7/id-fd-opaque", "two ready watches", "each callback gets its own watch id, fd and opaque",
            Watch(0, R), Watch(1, R), Write(0), Write(1), Run),
        Case("HANDLE-8/same-fd-two-masks", "one socket with a Writable watch and a Readable watch (and a Writable watch elsewhere)", "each is called back by its own mask",
            Watch(1, W), Run, Watch(0, W), Watch(0, R), Write(0), Run, Run),
        Case("HANDLE-8/eventtest-same-fd-one-dormant", "one readable socket with a Readable watch and a mask-0 watch (libvirt's eventtest)", "the Readable one is called back; the dormant one stays quiet",
            Watch(0, R), Watch(0, None), Write(0), Run, Run),
        Case("HANDLE-5/eventtest-last-handle-keeps-firing", "three ready watches; two are removed (libvirt's eventtest)", "the last keeps being called back",
            Watch(0, R), Watch(1, R), Watch(2, R), Write(0), Write(1), Write(2), Run, RemoveW(0), RemoveW(1), Run, Run),
        Case("HANDLE-9/order-of-ready-watches", "three watches ready in one iteration", "recorded: the order of the callbacks",
            Watch(0, R), Watch(1, R), Watch(2, R), Write(0), Write(1), Write(2), Run),
    ];
}
