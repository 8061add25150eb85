using ConformanceKit.FakeLibvirt.Script;
using static ConformanceKit.Harness.Cases.CaseBuilder;

namespace ConformanceKit.Harness.Cases;

/// <summary>Named cases for the IDS rules: ids and return codes.</summary>
internal static class IdsCases
{
    public static IEnumerable<NamedCase> All() =>
    [
        Case("IDS-1/watch-ids-positive", "two watches are added", "each add_handle returns an id > 0",
            Watch(0, R), Watch(1, R), Run),
        Case("IDS-2/timer-ids-positive", "two timers are added", "each add_timeout returns an id > 0",
            Timer(-1), Timer(1000), Run),
        Case("IDS-3/live-ids-unique", "three watches and two timers, one watch removed, another added", "no two live watches (timers) share an id",
            Watch(0, R), Watch(1, R), Watch(2, R), Timer(-1), Timer(-1), RemoveW(1), Watch(0, W), Timer(-1), Run),
        Case("IDS-4/no-reuse-after-remove", "a watch and a timer are removed, then new ones added", "the new ids were never handed out before",
            Watch(0, R), RemoveW(0), Run, Watch(1, R), Timer(-1), RemoveT(0), Run, Timer(-1), Watch(2, R)),
        Case("IDS-5/remove-unknown-ids", "remove with ids never handed out, 0 and negative", "every remove returns -1",
            new RemoveWatch(Target.Raw(4242)), new RemoveTimer(Target.Raw(4242)), new RemoveWatch(Target.Raw(0)),
            new RemoveWatch(Target.Raw(-1)), new RemoveTimer(Target.Raw(0)), new RemoveTimer(Target.Raw(-1))),
        Case("IDS-5/remove-twice", "a watch and a timer are removed twice", "the first remove returns 0, the second -1",
            Watch(0, R), RemoveW(0), RemoveW(0), Timer(-1), RemoveT(0), RemoveT(0), Run),
        Case("IDS-6/update-unknown-ids", "update with ids never handed out, 0 and negative", "nothing throws, nothing changes",
            new UpdateWatch(Target.Raw(4242), R), new UpdateTimer(Target.Raw(4242), 0), new UpdateWatch(Target.Raw(0), R),
            new UpdateTimer(Target.Raw(-1), 0), Run),
        Case("IDS-6/update-after-remove", "a ready watch and a frequency-0 timer are removed, then updated", "neither comes back",
            Watch(0, R), Write(0), RemoveW(0), UpdateW(0, R), Timer(0), RemoveT(0), UpdateT(0, 0), Run, Run),
        Case("IDS-7/failed-add-stays-silent", "add_handle on fd -1 (the reference loop refuses it)", "if add returned -1, neither callback nor ff ever runs",
            new AddWatch(0, R, InvalidFd: true), Run, Run, Run),
    ];
}
