using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Cases;

/// <summary>Short names for writing named cases readably. Slots: 0 and 1 socketpairs, 2 a pipe's
/// read end (closing the far end gives Hangup), 3 a pipe's write end (closing gives Error).</summary>
internal static class CaseBuilder
{
    public const HandleEvents R = HandleEvents.Readable;
    public const HandleEvents W = HandleEvents.Writable;
    public const HandleEvents None = HandleEvents.None;

    public static readonly Step Run = new Iterate();

    /// <summary>A named case. One that ends on an iteration gets one more: under contract version 2
    /// a miss in the last iteration would otherwise be "late by one at most" (a remark), while the
    /// extra iteration tells a loop that is one late from one that never does it.</summary>
    public static NamedCase Case(string id, string description, string expectation, params Step[] steps) =>
        new(id, description, expectation, Scenario.Of(steps is [.., Iterate] ? [.. steps, Run] : steps));

    public static Step Watch(int slot, HandleEvents mask, params Reaction[] reactions) => new AddWatch(slot, mask, true, [.. reactions]);

    public static Step Timer(int frequency, params Reaction[] reactions) => new AddTimer(frequency, true, [.. reactions]);

    public static Step Write(int slot) => new Far(slot, FdAction.WriteToLoop);

    public static Step CloseFar(int slot) => new Far(slot, FdAction.CloseFarEnd);

    public static Step RemoveW(int k) => new RemoveWatch(Target.Ref(k));

    public static Step RemoveT(int k) => new RemoveTimer(Target.Ref(k));

    public static Step UpdateW(int k, HandleEvents mask) => new UpdateWatch(Target.Ref(k), mask);

    public static Step UpdateT(int k, int frequency) => new UpdateTimer(Target.Ref(k), frequency);

    public static Step Advance(long ms) => new Advance(ms);

    public static Reaction Does(ReactionKind kind, int k = 0, int value = 0, int slot = 0) => new(kind, Target.Ref(k), value, false, slot);
}
