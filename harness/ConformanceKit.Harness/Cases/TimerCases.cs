using static ConformanceKit.Harness.Cases.CaseBuilder;
using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Cases;

/// <summary>Named cases for the TIMER rules.</summary>
internal static class TimerCases
{
    public static IEnumerable<NamedCase> All() =>
    [
        Case("TIMER-1/disabled-on-add", "a timer added at -1, beside a frequency-0 timer", "the -1 timer never fires",
            Timer(-1), Timer(0), Run, Run, Advance(1000), Run),
        Case("TIMER-1/disabled-by-update", "a 10 ms timer updated to -1", "it never fires",
            Timer(10), Timer(0), UpdateT(0, -1), Advance(100), Run, Run),
        Case("TIMER-2/zero-every-iteration", "a frequency-0 timer over four iterations", "fires in each of them",
            Timer(0), Run, Run, Run, Run),
        Case("TIMER-2/eventtest-timer-removes-itself", "a frequency-0 timer removes itself, another keeps going (libvirt's eventtest)", "the other fires every iteration",
            Timer(0, Does(ReactionKind.RemoveSelf)), Timer(0), Run, Run, Run),
        Case("TIMER-3/fires-on-time", "a 100 ms timer; the clock moves to 1 ms before due, then to due, three times", "fires exactly at each due time, not before",
            Timer(100), new AdvanceToDue(Target.Ref(0), -1), Run, new AdvanceToDue(Target.Ref(0), 0), Run,
            new AdvanceToDue(Target.Ref(0), 0), Run, new AdvanceToDue(Target.Ref(0), 0), Run),
        Case("TIMER-3/not-early", "a 100 ms timer observed at 70, 75, 99 and 100 ms", "fires at 100 ms, not before",
            Timer(100), Advance(70), Run, Advance(5), Run, Advance(24), Run, Advance(1), Run),
        Case("TIMER-4/no-catch-up", "a 10 ms timer after a 1000 ms gap", "fires once per iteration, no burst",
            Timer(10), Advance(1000), Run, Run),
        Case("TIMER-5/update-to-zero", "a timer at -1 updated to 0", "fires from the next iteration",
            Timer(-1), Run, UpdateT(0, 0), Run, Run),
        Case("TIMER-5/update-to-minus-one", "a frequency-0 timer updated to -1", "stops from the next iteration",
            Timer(0), Run, UpdateT(0, -1), Run, Run),
        Case("TIMER-5/update-to-n", "a 1000 ms timer updated to 10 ms", "fires 10 ms after the update",
            Timer(1000), UpdateT(0, 10), Advance(10), Run),
        Case("TIMER-6/update-restarts-interval", "a 100 ms timer updated to 100 ms at 60 ms", "fires at 160 ms, not at 100 ms",
            Timer(100), Advance(60), Run, UpdateT(0, 100), Advance(40), Run, Advance(60), Run),
        Case("TIMER-7/id-and-opaque", "two frequency-0 timers", "each callback gets its own timer id and opaque",
            Timer(0), Timer(0), Run),
        Case("TIMER-8/order-of-due-timers", "three frequency-0 timers", "recorded: the order they fire in",
            Timer(0), Timer(0), Timer(0), Run),
        Case("TIMER-9/huge-frequencies", "timers at int.MaxValue ms and 2^24+7 ms", "neither fires within the run",
            Timer(int.MaxValue), Timer((1 << 24) + 7), Run, Advance(1000), Run, Run),
    ];
}
