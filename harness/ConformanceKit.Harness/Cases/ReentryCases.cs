using ConformanceKit.FakeLibvirt.Script;
using static ConformanceKit.Harness.Cases.CaseBuilder;

namespace ConformanceKit.Harness.Cases;

/// <summary>Named cases for the REENTRY rules: calls made from inside callbacks.</summary>
internal static class ReentryCases
{
    public static IEnumerable<NamedCase> All() =>
    [
        Case("REENTRY-1/remove-other-keeps-rest", "watches 2 and 3 are ready; then watch 1's callback removes watch 2", "watch 3, still live and ready, is called back in that iteration",
            Watch(0, R, Does(ReactionKind.RemoveOtherWatch, 1)), Watch(1, R), Watch(2, R), Write(1), Write(2), Run, Write(0), Run, Run),
        Case("REENTRY-1/removals-in-two-iterations", "two frequency-0 timers remove themselves from their callbacks, one per iteration, beside a writable watch",
            "the watch, live and ready, is called back in every iteration (a loop that drops the rest of an iteration after a removal is two iterations late)",
            Watch(1, W), Run, Timer(0, Does(ReactionKind.RemoveSelf)), Timer(0, Does(ReactionKind.RemoveSelf)), Run, Run),
        Case("REENTRY-1/all-six-from-a-callback", "a timer's callback adds, updates and removes watches and timers, and removes unknown ids", "nothing throws or deadlocks",
            Watch(0, R), Timer(0, Does(ReactionKind.AddWatch, value: (int)R, slot: 1), Does(ReactionKind.AddTimer, value: 0),
                Does(ReactionKind.UpdateOtherWatch, 0, (int)W), Does(ReactionKind.UpdateOtherTimer, 0, 5), Does(ReactionKind.RemoveUnknown, value: 4242),
                Does(ReactionKind.RemoveOtherWatch, 0)),
            Write(0), Write(1), Run, Run, Run),
        Case("REENTRY-2/added-in-callback", "a timer's callback adds a frequency-0 timer and a Readable watch on a readable socket", "both are called back by the next iteration",
            Timer(0, Does(ReactionKind.AddTimer, value: 0), Does(ReactionKind.AddWatch, value: (int)R, slot: 1), Does(ReactionKind.RemoveSelf)), Write(1), Run, Run, Run),
        Case("REENTRY-3/no-overlap", "a ready watch and a frequency-0 timer", "no callback starts while another runs",
            Watch(0, R), Timer(0), Write(0), Run, Run),
        Case("REENTRY-4/on-loop-thread", "a ready watch, a frequency-0 timer, a removal", "callbacks and ffs run on the thread that runs the loop",
            Watch(0, R), Timer(0), Write(0), Run, RemoveT(0), Run, Run),
    ];
}
