using ConformanceKit.FakeLibvirt.Script;

namespace ConformanceKit.Harness.Engine;

/// <summary>Whether a scenario read from a file can be run as written: every slot it names exists,
/// and every mask and frequency is one libvirt passes. A generated or shrunk scenario always can;
/// an edited counterexample may not, and running it anyway either failed inside the harness
/// (<c>slots: []</c>: a division by zero) or quietly ran something else (slot 99 of 4 wrapped to
/// slot 3 and "reproduced").</summary>
internal static class ScenarioCheck
{
    private const HandleEvents Askable = HandleEvents.Readable | HandleEvents.Writable;

    /// <summary>The first problem, as one line naming the step (1-based, as stories number them),
    /// or null when the scenario can run.</summary>
    public static string? Problem(Scenario s)
    {
        int slots = s.Slots.IsDefault ? 0 : s.Slots.Length;
        for (int i = 0; i < s.Steps.Length; i++)
        {
            if (StepProblem(s.Steps[i], slots) is { } why)
            {
                return $"step {i + 1} ({s.Steps[i]?.Describe() ?? "null"}): {why}";
            }
        }

        return null;
    }

    private static string? StepProblem(Step? step, int slots) => step switch
    {
        null => "not a step",
        AddWatch a => (a.InvalidFd ? null : Slot(a.Slot, slots)) ?? Mask(a.Mask) ?? Reactions(a.Reactions, slots, onWatch: true),
        UpdateWatch u => Target(u.Target) ?? Mask(u.Mask),
        RemoveWatch r => Target(r.Target),
        AddTimer t => Frequency(t.Frequency) ?? Reactions(t.Reactions, slots, onWatch: false),
        UpdateTimer u => Target(u.Target) ?? Frequency(u.Frequency),
        RemoveTimer r => Target(r.Target),
        Far f => Slot(f.Slot, slots) ?? (f.Bytes < 0 ? $"bytes {f.Bytes} is negative" : null),
        Advance { Ms: < 0 } adv => $"advance {adv.Ms} ms: the clock only moves forward",
        AdvanceToDue d => Target(d.Timer),
        _ => null,
    };

    private static string? Reactions(System.Collections.Immutable.ImmutableArray<Reaction> reactions, int slots, bool onWatch)
    {
        foreach (var r in reactions.IsDefault ? [] : reactions)
        {
            string? why = r?.Kind switch
            {
                null => "a reaction that is null",
                ReactionKind.UpdateSelf => onWatch ? Mask((HandleEvents)r.Value) : Frequency(r.Value),
                ReactionKind.UpdateOtherWatch => Target(r.Target) ?? Mask((HandleEvents)r.Value),
                ReactionKind.UpdateOtherTimer => Target(r.Target) ?? Frequency(r.Value),
                ReactionKind.RemoveOtherWatch or ReactionKind.RemoveOtherTimer => Target(r.Target),
                ReactionKind.AddWatch => Slot(r.Slot, slots) ?? Mask((HandleEvents)r.Value),
                ReactionKind.AddTimer => Frequency(r.Value),
                ReactionKind.WriteToSlot => Slot(r.Slot, slots),
                _ => null,
            };
            if (why is not null)
            {
                return $"reaction '{r?.Describe(onWatch)}': {why}";
            }
        }

        return null;
    }

    private static string? Slot(int slot, int slots) =>
        slot >= 0 && slot < slots ? null : $"slot {slot}, but the scenario has {slots} slots (0..{slots - 1})";

    private static string? Mask(HandleEvents mask) =>
        (mask & ~Askable) == 0 ? null : $"mask {mask} asks for more than Readable|Writable, which is all libvirt asks for";

    private static string? Frequency(int ms) => ms >= -1 ? null : $"frequency {ms}: libvirt passes -1, 0 or N > 0";

    // A reaction on another registration without a target used to fall back to the callback's
    // own id, which for a timer's "remove watch" meant passing a timer id to remove_handle.
    private static string? Target(Target? t) => t is null ? "no target" : null;
}
