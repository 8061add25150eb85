using ConformanceKit.FakeLibvirt.Script;
using static ConformanceKit.Harness.Cases.CaseBuilder;

namespace ConformanceKit.Harness.Cases;

/// <summary>Named cases for the FREE rules: removal and the free callback.</summary>
internal static class FreeCases
{
    public static IEnumerable<NamedCase> All() =>
    [
        Case("FREE-1/eventtest-delete-before-poll", "a ready watch is removed before the iteration (libvirt's eventtest)", "it is not called back",
            Watch(0, R), Watch(1, R), Write(0), Write(1), RemoveW(0), Run),
        Case("FREE-1/removed-by-earlier-callback", "two ready watches, each removing the other (libvirt's eventtest: during dispatch of another)", "whichever runs second is not called",
            Watch(0, R, Does(ReactionKind.RemoveOtherWatch, 1)), Watch(1, R, Does(ReactionKind.RemoveOtherWatch, 0)), Write(0), Write(1), Run, Run),
        Case("FREE-1/timer-removed-by-earlier-callback", "two frequency-0 timers, each removing the other", "whichever fires second does not fire",
            Timer(0, Does(ReactionKind.RemoveOtherTimer, 1)), Timer(0, Does(ReactionKind.RemoveOtherTimer, 0)), Run, Run),
        Case("FREE-2/ff-exactly-once", "a watch and a timer are removed", "each ff runs once, with its opaque",
            Watch(0, R), Timer(-1), RemoveW(0), RemoveT(0), Run, Run, Run),
        Case("FREE-3/remove-at-top-level", "a timer is removed between iterations", "its ff does not run inside remove_timeout",
            Timer(0), Watch(0, R), RemoveT(0), RemoveW(0), Run),
        Case("FREE-3/remove-inside-callback", "a frequency-0 timer removes itself from its callback", "its ff runs after remove returned, not inside it",
            Timer(0, Does(ReactionKind.RemoveSelf)), Run, Run),
        Case("FREE-4/eventtest-delete-itself-during-dispatch", "a ready watch removes itself from its callback (libvirt's eventtest)", "its ff runs only once the callback has returned",
            Watch(0, R, Does(ReactionKind.RemoveSelf)), Write(0), Run, Run),
        Case("FREE-4/remove-other-inside-callback", "a timer's callback removes a watch", "the watch's ff runs once no callback is running",
            Watch(1, R), Timer(0, Does(ReactionKind.RemoveOtherWatch, 0)), Run, Run),
        Case("FREE-6/ff-prompt", "a timer is removed", "its ff runs within two iterations",
            Timer(-1), RemoveT(0), Run, Run, Run),
        Case("FREE-7/remove-disabled-timer", "a timer at -1 is removed", "remove returns 0 and the ff runs",
            Timer(-1), RemoveT(0), Run, Run),
        Case("FREE-7/remove-dormant-watch", "a watch with mask 0 is removed", "remove returns 0 and the ff runs",
            Watch(0, None), RemoveW(0), Run, Run),
        Case("FREE-8/null-ff", "a watch and a timer added with a null ff, dispatched, removed", "nothing throws",
            new AddWatch(0, R, WithFf: false), new AddTimer(0, WithFf: false), Write(0), Run, RemoveW(0), RemoveT(0), Run, Run),
    ];
}
